/**
 * What the CLI prints of a thrown error, its stack under CXSCHEMA_DEBUG included, holds no URL's user part: an error
 * from Node or a library may quote a URL whole (docs/architecture.md "Conventions").
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { reportError } from '../../src/cli/run-action.js';
import { CxError } from '../../src/model/errors.js';

const PASSWORD = 'pw-SECRET-9-never-print';

function printed(error: unknown): { text: string; code: number } {
  const written: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = (chunk: string) => written.push(chunk) > 0;
  let code: number;
  try {
    code = reportError(error);
  } finally {
    process.stderr.write = write;
  }
  return { text: written.join(''), code };
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('reportError', () => {
  it("prints a URL's user part as [REDACTED], in the message and the hint", () => {
    const { text, code } = printed(
      new CxError('API', `portal at https://hooks:${PASSWORD}@portal.example.com/x refused`, {
        hint: `check ftp://${PASSWORD}@files.example.com`,
      }),
    );
    expect(text).toBe(
      'error: portal at https://[REDACTED]@portal.example.com/x refused\nhint: check ftp://[REDACTED]@files.example.com\n',
    );
    expect(code).toBe(1);
  });

  it('leaves the rest of a hint as it is, a credential it names included', () => {
    const hint = 'pass --admin-token TOKEN (sent as "Authorization: Bearer TOKEN"), or mail ops@example.com';
    expect(printed(new CxError('USAGE', 'no token', { hint })).text).toBe(`error: no token\nhint: ${hint}\n`);
  });

  it('prints an internal error, and its stack under CXSCHEMA_DEBUG, without the user part', () => {
    // As Node's fetch words a URL it refuses.
    const error = new TypeError(
      `Request cannot be constructed from a URL that includes credentials: https://deployer:${PASSWORD}@api.example.com/x`,
    );
    const plain = printed(error).text;
    expect(plain).toContain('internal error: Request cannot be constructed from a URL that includes credentials: ');
    expect(plain).toContain('https://[REDACTED]@api.example.com/x');
    vi.stubEnv('CXSCHEMA_DEBUG', '1');
    const debug = printed(error).text;
    expect(debug).toContain('TypeError: Request cannot be constructed');
    expect(debug).toContain('    at ');
    const located = printed(new CxError('CONFIG', `bad https://u:${PASSWORD}@h`)).text;
    expect(located).toContain('CxError: bad https://[REDACTED]@h');
    for (const text of [plain, debug, located]) expect(text).not.toContain(PASSWORD);
  });
});
