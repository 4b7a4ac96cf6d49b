import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { AnswersInFlight } from '../../src/emulator/answers-in-flight.js';

function answer(): ServerResponse {
  return new ServerResponse(new IncomingMessage(new Socket()));
}

describe('AnswersInFlight', () => {
  it('holds an answer until it is written or cut off', () => {
    const answers = new AnswersInFlight();
    const written = answer();
    const cutOff = answer();
    const waiting = answer();
    for (const res of [written, cutOff, waiting]) answers.track(res);
    expect(answers.held()).toEqual([written, cutOff, waiting]);
    written.emit('finish');
    cutOff.emit('close');
    expect(answers.held()).toEqual([waiting]);
  });

  it('gives a slot back once when an answer is both written and closed', () => {
    const answers = new AnswersInFlight();
    const first = answer();
    answers.track(first);
    first.emit('finish');
    first.emit('close');
    // Given back twice, the one slot would go to both of the next answers, and the first of them would be lost.
    const second = answer();
    const third = answer();
    answers.track(second);
    answers.track(third);
    expect(answers.held()).toEqual([second, third]);
  });

  it('reuses given-back slots rather than growing', () => {
    const answers = new AnswersInFlight();
    for (let i = 0; i < 1000; i++) {
      const res = answer();
      answers.track(res);
      res.emit('finish');
    }
    const last = answer();
    answers.track(last);
    expect(answers.held()).toEqual([last]);
    expect((answers as unknown as { slots: unknown[] }).slots).toHaveLength(1);
  });
});
