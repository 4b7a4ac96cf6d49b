/**
 * The question apply and rollback ask before they write, and its three outcomes: the answer `yes`, any other
 * answer or none (Ctrl-D, the input's end), and Ctrl-C (docs/deploying.md, "Confirmation").
 */
import { createInterface } from 'node:readline/promises';

export type Confirmation = 'yes' | 'no' | 'interrupted';

export async function askConfirmation(
  question: string,
  streams: {
    input: NodeJS.ReadableStream;
    output: NodeJS.WritableStream;
    /** Where SIGINT is heard while the question waits (default: this process). */
    signals?: NodeJS.EventEmitter;
  },
): Promise<Confirmation> {
  const prompt = createInterface({ input: streams.input, output: streams.output });
  const signals = streams.signals ?? process;
  let answered = false;
  let onSignal = (): void => {};
  const unanswered = new Promise<Confirmation>((resolve) => {
    // While readline drives a terminal, the terminal is raw: Ctrl-C reaches it as a key, not as a signal. Heard
    // here, it is the interrupt it is anywhere else; unheard, readline would close as it does for Ctrl-D.
    prompt.once('SIGINT', () => resolve('interrupted'));
    // When it does not (stderr is no terminal), the terminal stays as it is and Ctrl-C is a signal to the process:
    // the same interrupt, rather than an end that leaves the question's line open and says nothing.
    onSignal = () => resolve('interrupted');
    signals.once('SIGINT', onSignal);
    // Closed before an answer: Ctrl-D, or the input's end when readline does not drive the terminal (stderr is no
    // terminal, and Ctrl-D ends the input). No answer is a no. The question itself may never settle then.
    prompt.once('close', () => resolve('no'));
  });
  const reply = prompt.question(question).then(
    (answer): Confirmation => {
      answered = true;
      return answer.trim() === 'yes' ? 'yes' : 'no';
    },
    // Rejected once closed before an answer (readline's AbortError): the close has already said no.
    (): Confirmation => 'no',
  );
  try {
    return await Promise.race([reply, unanswered]);
  } finally {
    signals.off('SIGINT', onSignal);
    prompt.close();
    // What follows starts on a line of its own, not after the question. Readline ends that line only when it
    // drives a terminal and the answer came: it echoes the answer and its Enter. Otherwise nothing has (an answer
    // typed on a terminal that is not this output was echoed there, not here), and this ends it, once.
    if (!(prompt.terminal && answered)) streams.output.write('\n');
  }
}
