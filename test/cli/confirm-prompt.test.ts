/**
 * The confirmation question, and the exact bytes it leaves on its output. On streams that act as a terminal does,
 * readline puts the input in raw mode, so Ctrl-C and Ctrl-D reach it as the bytes 0x03 and 0x04, as they do from a
 * real one; on an output that is no terminal, readline echoes nothing and Ctrl-C is a signal to the process
 * (test/e2e/apply-confirm.test.ts drives a real pseudo-terminal, stderr on it or in a file).
 */
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { askConfirmation, type Confirmation } from '../../src/cli/confirm-prompt.js';

const QUESTION = "Apply these changes? Only 'yes' is accepted: ";
/** What readline writes before the typed keys on a terminal: to column 1, clear below, the question, its column. */
const ASKED_ON_TERMINAL = `\u001b[1G\u001b[0J${QUESTION}\u001b[${QUESTION.length + 1}G`;

interface Asked {
  answer: Confirmation;
  /** Every byte written to the output. */
  shown: string;
  /** SIGINT listeners left on the process's stand-in once the question is over. */
  listenersLeft: number;
}

/**
 * Asks, then once the question is shown types `keys`; `end` then ends the input and `signal` sends SIGINT. An
 * input that is no terminal is a pipe: the output alone tells readline whether it drives a terminal.
 */
function ask(
  keys: string,
  options: { terminal: boolean; end?: boolean; signal?: boolean } = { terminal: true },
): Promise<Asked> {
  const input = Object.assign(new PassThrough(), {
    isTTY: options.terminal,
    isRaw: false,
    setRawMode(mode: boolean) {
      input.isRaw = mode;
      return input;
    },
  });
  const output = options.terminal ? Object.assign(new PassThrough(), { isTTY: true, columns: 80 }) : new PassThrough();
  const signals = new EventEmitter();
  let shown = '';
  let typed = false;
  output.setEncoding('utf8').on('data', (chunk: string) => {
    shown += chunk;
    // Typed once the question is shown, as a person would: after readline has written all of it.
    if (!typed && shown.includes('accepted')) {
      typed = true;
      setImmediate(() => {
        if (keys !== '') input.write(keys);
        if (options.end === true) input.end();
        if (options.signal === true) signals.emit('SIGINT');
      });
    }
  });
  return askConfirmation(QUESTION, { input, output, signals }).then(async (answer) => {
    // Whatever the output's last write was, it is read before the bytes are looked at.
    await new Promise((resolve) => setImmediate(resolve));
    return { answer, shown, listenersLeft: signals.listenerCount('SIGINT') };
  });
}

describe('the confirmation question', () => {
  it('takes yes as yes, and anything else as no', async () => {
    expect((await ask('yes\r')).answer).toBe('yes');
    expect((await ask('  yes \r')).answer).toBe('yes');
    expect((await ask('y\r')).answer).toBe('no');
    expect((await ask('YES\r')).answer).toBe('no');
    expect((await ask('yes\n', { terminal: false })).answer).toBe('yes');
    expect((await ask('no\n', { terminal: false })).answer).toBe('no');
  });

  it('takes Ctrl-C as an interrupt when something is typed before it', async () => {
    expect((await ask('ye\u0003')).answer).toBe('interrupted');
  });

  it('takes the end of an input that is no terminal as no answer: a no', async () => {
    expect((await ask('', { terminal: false, end: true })).answer).toBe('no');
  });
});

describe('the bytes the question leaves on a terminal: the line ends once', () => {
  it('answered: readline echoes the answer and its Enter, and nothing more is written', async () => {
    expect(await ask('yes\r')).toEqual({ answer: 'yes', shown: `${ASKED_ON_TERMINAL}yes\r\n`, listenersLeft: 0 });
    expect(await ask('no\r')).toEqual({ answer: 'no', shown: `${ASKED_ON_TERMINAL}no\r\n`, listenersLeft: 0 });
  });

  it('Ctrl-D on an empty line: no answer, and the line is ended', async () => {
    expect(await ask('\u0004')).toEqual({ answer: 'no', shown: `${ASKED_ON_TERMINAL}\n`, listenersLeft: 0 });
  });

  it('the input ends: no answer, and the line is ended', async () => {
    expect(await ask('', { terminal: true, end: true })).toEqual({
      answer: 'no',
      shown: `${ASKED_ON_TERMINAL}\n`,
      listenersLeft: 0,
    });
  });

  it('Ctrl-C, after keys or none: an interrupt, and the line is ended', async () => {
    expect(await ask('\u0003')).toEqual({ answer: 'interrupted', shown: `${ASKED_ON_TERMINAL}\n`, listenersLeft: 0 });
    expect(await ask('ye\u0003')).toEqual({
      answer: 'interrupted',
      shown: `${ASKED_ON_TERMINAL}ye\n`,
      listenersLeft: 0,
    });
  });

  it('SIGINT from elsewhere: an interrupt, and the line is ended', async () => {
    expect(await ask('', { terminal: true, signal: true })).toEqual({
      answer: 'interrupted',
      shown: `${ASKED_ON_TERMINAL}\n`,
      listenersLeft: 0,
    });
  });
});

describe('the bytes the question leaves on an output that is no terminal: the line ends once', () => {
  it('answered: nothing echoes the answer here, so the line is ended', async () => {
    expect(await ask('yes\n', { terminal: false })).toEqual({
      answer: 'yes',
      shown: `${QUESTION}\n`,
      listenersLeft: 0,
    });
    expect(await ask('no\n', { terminal: false })).toEqual({ answer: 'no', shown: `${QUESTION}\n`, listenersLeft: 0 });
  });

  it('the input ends (Ctrl-D on a terminal it does not drive): no answer, and one line end', async () => {
    expect(await ask('', { terminal: false, end: true })).toEqual({
      answer: 'no',
      shown: `${QUESTION}\n`,
      listenersLeft: 0,
    });
    // An answer its Enter never ended: whatever it is taken as, the line ends once.
    const unended = await ask('yes', { terminal: false, end: true });
    expect([unended.shown, unended.listenersLeft]).toEqual([`${QUESTION}\n`, 0]);
  });

  it('Ctrl-C, a signal to the process here: an interrupt, and one line end', async () => {
    expect(await ask('', { terminal: false, signal: true })).toEqual({
      answer: 'interrupted',
      shown: `${QUESTION}\n`,
      listenersLeft: 0,
    });
  });
});
