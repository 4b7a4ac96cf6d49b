/**
 * Which process wrote a file, and whether it still runs: the audit log's lock, the emulator's data lock and a
 * write intent of the audit log all name their owner by pid and host. A pid says something only on its own host:
 * there, signal 0 tells whether a process with that pid exists; on another host nothing can be known. It lives
 * in model because both the emulator (which may import nothing else) and the audit log need it.
 */
import { hostname } from 'node:os';

export interface ProcessIdentity {
  pid: number;
  /** The host name, as `os.hostname()` gives it. */
  host: string;
}

/** This process. */
export function thisProcess(): ProcessIdentity {
  return { pid: process.pid, host: hostname() };
}

/**
 * - `running`: on this host, and a process with that pid exists (it may be another one that reused the pid);
 * - `gone`: on this host, and no process has that pid: the owner has ended;
 * - `elsewhere`: on another host, where this process cannot look.
 */
export type ProcessState = 'running' | 'gone' | 'elsewhere';

export function processState(owner: ProcessIdentity, isAlive: (pid: number) => boolean = isProcessAlive): ProcessState {
  if (owner.host !== hostname()) return 'elsewhere';
  return isAlive(owner.pid) ? 'running' : 'gone';
}

/** Whether a pid names a process of this host (signal 0 checks without sending anything). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
