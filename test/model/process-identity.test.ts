/** What a process records of itself to be found again (docs/audit.md "Whose intent a run settles"). */
import { existsSync, readFileSync, readlinkSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { processStartOf, processState, thisProcess } from '../../src/model/process-identity.js';

describe('thisProcess', () => {
  it('records the boot id, pid namespace and start time wherever /proc gives them, and nothing made up elsewhere', () => {
    const self = thisProcess();
    const bootFile = '/proc/sys/kernel/random/boot_id';
    expect(self.bootId).toBe(existsSync(bootFile) ? readFileSync(bootFile, 'utf8').trim() : undefined);
    expect(self.pidNamespace).toBe(existsSync('/proc/self/ns/pid') ? readlinkSync('/proc/self/ns/pid') : undefined);
    expect(self.processStart).toBe(processStartOf(process.pid));
    expect(processState(self)).toBe('running');
  });

  it('tells a pid reused by a later process from the one recorded', async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      await new Promise((resolve) => child.on('spawn', resolve));
      const recorded = { ...thisProcess(), pid: child.pid! };
      const start = processStartOf(child.pid!);
      expect(processState({ ...recorded, ...(start === undefined ? {} : { processStart: start }) })).toBe('running');
      const state = processState({ ...recorded, processStart: (start ?? 0) + 1 });
      // Where /proc is missing the start time cannot be compared, and a live pid is taken as the same process.
      expect(state).toBe(start === undefined ? 'running' : 'gone');
    } finally {
      child.kill();
    }
  });
});
