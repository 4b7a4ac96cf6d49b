/**
 * Which process wrote a file, and whether it still runs: the audit log's lock, the emulator's data lock and a
 * write intent of the audit log all name their owner by pid and host, and where the system offers them (Linux)
 * by the kernel's boot id, the pid namespace and the process's start time. A pid says something only in its own
 * process table: one host name can cover several tables (containers sharing the host's name, two machines given
 * the same name), so a process is looked up only when every recorded member of its table matches this one's.
 * There, signal 0 tells whether a process with that pid exists, and its start time whether it is still the same
 * one; anywhere else nothing can be known. It lives in model because both the emulator (which may import nothing
 * else) and the audit log need it. docs/audit.md "Whose intent a run settles" gives the rules.
 */
import { readFileSync, readlinkSync } from 'node:fs';
import { hostname } from 'node:os';

export interface ProcessIdentity {
  pid: number;
  /** The host name, as `os.hostname()` gives it. */
  host: string;
  /** Linux: the kernel's random boot id: two machines, or one machine before and after a restart, differ. */
  bootId?: string;
  /** Linux: the pid namespace (`pid:[4026531836]`): two containers on one kernel differ. */
  pidNamespace?: string;
  /** Linux: when the process started, in clock ticks after boot: a pid reused by another process differs. */
  processStart?: number;
}

/** How a process table is looked at; each member can be replaced (tests). */
export interface ProcessTable {
  /** This process (default thisProcess()). */
  self: ProcessIdentity;
  /** Whether a pid names a live process of this table (default: signal 0). */
  isAlive: (pid: number) => boolean;
  /** The start time of a live process, as `processStart` records it; undefined where it cannot be read. */
  startOf: (pid: number) => number | undefined;
}

let self: ProcessIdentity | undefined;

/** This process. */
export function thisProcess(): ProcessIdentity {
  self ??= describeThisProcess();
  return self;
}

function describeThisProcess(): ProcessIdentity {
  const bootId = readOrUndefined(() => readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim());
  const pidNamespace = readOrUndefined(() => readlinkSync('/proc/self/ns/pid'));
  const processStart = processStartOf(process.pid);
  return {
    pid: process.pid,
    host: hostname(),
    ...(bootId ? { bootId } : {}),
    ...(pidNamespace ? { pidNamespace } : {}),
    ...(processStart === undefined ? {} : { processStart }),
  };
}

function readOrUndefined(read: () => string): string | undefined {
  try {
    return read();
  } catch {
    // Not Linux, or /proc hidden: the member is not recorded and not compared.
    return undefined;
  }
}

/** Field 22 of /proc/<pid>/stat: the start time in clock ticks after boot; undefined where there is no /proc. */
export function processStartOf(pid: number): number | undefined {
  const stat = readOrUndefined(() => readFileSync(`/proc/${pid}/stat`, 'utf8'));
  if (stat === undefined) return undefined;
  // The command name (field 2) is in parentheses and may hold spaces or parentheses: count after the last one.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[22 - 3]);
  return Number.isSafeInteger(ticks) ? ticks : undefined;
}

/**
 * - `running`: in this process table, and the process still runs (the same one, where its start time is known);
 * - `gone`: in this process table, and no process has that pid, or another one started since: the owner ended;
 * - `elsewhere`: in another process table (another host, machine, boot or pid namespace): nothing can be known.
 */
export type ProcessState = 'running' | 'gone' | 'elsewhere';

export function processState(owner: ProcessIdentity, table: Partial<ProcessTable> = {}): ProcessState {
  if (!inThisTable(owner, table.self ?? thisProcess())) return 'elsewhere';
  if (!(table.isAlive ?? isProcessAlive)(owner.pid)) return 'gone';
  if (owner.processStart !== undefined) {
    const start = (table.startOf ?? processStartOf)(owner.pid);
    if (start !== undefined && start !== owner.processStart) return 'gone';
  }
  return 'running';
}

/** Whether `owner` is this very process: its table, its pid and (where recorded) its start time. */
export function isThisProcess(owner: ProcessIdentity, table: Partial<ProcessTable> = {}): boolean {
  const here = table.self ?? thisProcess();
  return (
    inThisTable(owner, here) &&
    owner.pid === here.pid &&
    (owner.processStart === undefined || here.processStart === undefined || owner.processStart === here.processStart)
  );
}

/**
 * Same host name, and each member of the table the owner recorded equals this one's. An owner that recorded none
 * (written by an older version, or on a system without them) is judged by its host name alone, as it always was.
 */
function inThisTable(owner: ProcessIdentity, here: ProcessIdentity): boolean {
  return owner.host === here.host && same(owner.bootId, here.bootId) && same(owner.pidNamespace, here.pidNamespace);
}

function same(recorded: string | undefined, here: string | undefined): boolean {
  return recorded === undefined || recorded === here;
}

/** Reads the identity members of a parsed lock file or entry; undefined unless pid and host are there. */
export function readProcessIdentity(value: Record<string, unknown>): ProcessIdentity | undefined {
  const { pid, host, bootId, pidNamespace, processStart } = value;
  if (typeof pid !== 'number' || typeof host !== 'string') return undefined;
  return {
    pid,
    host,
    ...(typeof bootId === 'string' ? { bootId } : {}),
    ...(typeof pidNamespace === 'string' ? { pidNamespace } : {}),
    ...(typeof processStart === 'number' ? { processStart } : {}),
  };
}

/** Whether a pid names a process of this table (signal 0 checks without sending anything). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
