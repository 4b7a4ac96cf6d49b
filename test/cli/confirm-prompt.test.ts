/**
 * The confirmation question on streams that act as a terminal does: readline puts the input in raw mode, so Ctrl-C
 * and Ctrl-D reach it as the bytes 0x03 and 0x04, as they do from a real one (test/e2e/apply-confirm.test.ts drives
 * a real pseudo-terminal).
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { askConfirmation, type Confirmation } from '../../src/cli/confirm-prompt.js';

const QUESTION = "Apply these changes? Only 'yes' is accepted: ";

function ask(keys: string, options: { terminal: boolean } = { terminal: true }): Promise<[Confirmation, string]> {
  const input = Object.assign(new PassThrough(), {
    isTTY: options.terminal,
    isRaw: false,
    setRawMode(mode: boolean) {
      input.isRaw = mode;
      return input;
    },
  });
  const output = Object.assign(new PassThrough(), { isTTY: options.terminal, columns: 80 });
  let shown = '';
  let typed = false;
  output.setEncoding('utf8').on('data', (chunk: string) => {
    shown += chunk;
    // Typed once the question is shown, as a person would.
    if (!typed && shown.includes('accepted')) {
      typed = true;
      if (keys === '') input.end();
      else input.write(keys);
    }
  });
  return askConfirmation(QUESTION, { input, output }).then((answer) => [answer, shown]);
}

describe('the confirmation question', () => {
  it('takes yes as yes, and anything else as no', async () => {
    expect((await ask('yes\r'))[0]).toBe('yes');
    expect((await ask('  yes \r'))[0]).toBe('yes');
    expect((await ask('y\r'))[0]).toBe('no');
    expect((await ask('YES\r'))[0]).toBe('no');
  });

  it('takes Ctrl-C as an interrupt, and ends the question line', async () => {
    const [answer, shown] = await ask('\u0003');
    expect(answer).toBe('interrupted');
    expect(shown.endsWith('\n')).toBe(true);
  });

  it('takes Ctrl-C as an interrupt when something is typed before it', async () => {
    expect((await ask('ye\u0003'))[0]).toBe('interrupted');
  });

  it('takes Ctrl-D on an empty line as no answer: a no', async () => {
    const [answer, shown] = await ask('\u0004');
    expect(answer).toBe('no');
    expect(shown.endsWith('\n')).toBe(true);
  });

  it('takes the end of an input that is no terminal as no answer: a no', async () => {
    expect((await ask('', { terminal: false }))[0]).toBe('no');
  });
});
