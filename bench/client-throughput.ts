/**
 * The client's pacing against the emulator's rate limit, side by side with a naive client that sends every
 * request at once and sleeps on Retry-After. Each scenario creates 500 schemas (one POST each).
 *
 * 1. The specified figure: the emulator limited to 3,000 requests a minute, the client configured at the
 *    same rate, in real time. 500 writes fit in one of the emulator's windows, and a burst at the start of a
 *    window is allowed (docs/api-contract.md), so neither client should meet a 429 here.
 * 2. A run longer than a window: 300 a minute (the platform's default), so 500 writes need two windows. Time is
 *    compressed (the emulator and both clients read a clock that runs TIME_SCALE times faster) so that two
 *    minutes of platform time take a few seconds.
 * 3. An org that allows less than configured: the emulator at 300 a minute, the client configured at 600;
 *    compressed likewise. The naive client has no setting to get wrong, so it is not run again.
 *
 * Throughput is writes per minute of the run's own clock, as a ratio to the emulator's limit; the 429 share is
 * of every API request sent.
 */
import { pathToFileURL } from 'node:url';
import { startEmulator, type EmulatorHandle } from '../src/emulator/index.js';
import { createCustomObjectsTarget } from '../src/genesys/custom-objects-target.js';
import type { SchemaWriteBody } from '../src/model/schema.js';
import type { BenchResult } from './bench-result.js';

const WRITES = 500;
const TIME_SCALE = 20;

interface Clock {
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

const realClock: Clock = { now: Date.now, sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) };

/** A clock that runs `factor` times faster than real time. */
function scaledClock(factor: number): Clock {
  const realStart = performance.now();
  const start = Date.now();
  return {
    now: () => start + (performance.now() - realStart) * factor,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms) / factor)),
  };
}

interface Outcome {
  elapsedMs: number;
  requests: number;
  rateLimited: number;
}

function body(externalId: string): SchemaWriteBody {
  return {
    externalId,
    name: `Bench ${externalId}`,
    version: 1,
    status: 'DRAFT',
    fields: [{ name: 'label', fieldtype: 'string' }],
  };
}

function apiOutcome(emulator: EmulatorHandle, elapsedMs: number): Outcome {
  const api = emulator.requestLog().filter((entry) => entry.path.startsWith('/api/'));
  return { elapsedMs, requests: api.length, rateLimited: api.filter((entry) => entry.status === 429).length };
}

async function runClient(limitPerMinute: number, configuredPerMinute: number, clock: Clock): Promise<Outcome> {
  const emulator = await startEmulator({ rateLimitPerMinute: limitPerMinute, now: clock.now });
  try {
    const target = createCustomObjectsTarget({
      credentials: { clientId: emulator.demoClient.id, clientSecret: emulator.demoClient.secret, domain: emulator.url },
      rateLimitPerMinute: configuredPerMinute,
      now: clock.now,
      sleep: clock.sleep,
    });
    const start = clock.now();
    await Promise.all(Array.from({ length: WRITES }, (_, i) => target.create(body(`w${i}`))));
    return apiOutcome(emulator, clock.now() - start);
  } finally {
    await emulator.stop();
  }
}

/** What a first attempt looks like: everything at once, and on 429 sleep what Retry-After says and try again. */
async function runNaive(limitPerMinute: number, clock: Clock): Promise<Outcome> {
  const emulator = await startEmulator({ rateLimitPerMinute: limitPerMinute, now: clock.now });
  try {
    const basic = Buffer.from(`${emulator.demoClient.id}:${emulator.demoClient.secret}`).toString('base64');
    const login = await fetch(`${emulator.url}/oauth/token`, {
      method: 'POST',
      headers: { Authorization: `Basic ${basic}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    const { access_token: token } = (await login.json()) as { access_token: string };
    const start = clock.now();
    await Promise.all(
      Array.from({ length: WRITES }, async (_, i) => {
        for (;;) {
          const response = await fetch(`${emulator.url}/api/v2/customobjects/schemas`, {
            method: 'POST',
            headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
            body: JSON.stringify(body(`w${i}`)),
          });
          await response.arrayBuffer();
          if (response.status !== 429) return;
          await clock.sleep(Number(response.headers.get('retry-after') ?? '1') * 1000);
        }
      }),
    );
    return apiOutcome(emulator, clock.now() - start);
  } finally {
    await emulator.stop();
  }
}

const throughput = (outcome: Outcome, limitPerMinute: number): number =>
  WRITES / (outcome.elapsedMs / 60_000) / limitPerMinute;
const share = (outcome: Outcome): number => outcome.rateLimited / outcome.requests;
const percent = (value: number): string => `${(value * 100).toFixed(1)}%`;

function describe(outcome: Outcome, limitPerMinute: number): string {
  return `${WRITES} writes in ${(outcome.elapsedMs / 1000).toFixed(1)} s = ${(WRITES / (outcome.elapsedMs / 60_000)).toFixed(0)}/min (${throughput(outcome, limitPerMinute).toFixed(2)}x the limit), ${outcome.rateLimited} of ${outcome.requests} requests answered 429 (${percent(share(outcome))})`;
}

function scenarioResults(
  label: string,
  limitPerMinute: number,
  ours: Outcome,
  naive: Outcome | undefined,
  maxShare: number,
): BenchResult[] {
  const side = naive === undefined ? '' : `; naive: ${describe(naive, limitPerMinute)}`;
  return [
    {
      name: `client throughput / limit, ${label} (higher is better)`,
      ratio: throughput(ours, limitPerMinute),
      target: '>= 0.90x the limit',
      pass: throughput(ours, limitPerMinute) >= 0.9,
      detail: `client: ${describe(ours, limitPerMinute)}${side}`,
    },
    {
      name: `client 429 share, ${label} (lower is better)`,
      value: share(ours) * 100,
      unit: '%',
      target: `< ${(maxShare * 100).toFixed(0)}% of requests${naive === undefined ? '' : ` (naive: ${percent(share(naive))})`}`,
      pass: share(ours) < maxShare,
      detail:
        naive === undefined
          ? `${ours.rateLimited} of ${ours.requests}`
          : `client ${ours.rateLimited} of ${ours.requests}, naive ${naive.rateLimited} of ${naive.requests}`,
    },
  ];
}

export async function run(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];

  const ours = await runClient(3000, 3000, realClock);
  const naive = await runNaive(3000, realClock);
  results.push(
    ...scenarioResults(
      "500 writes at 3,000/min (fits one window's burst: the limit does not bind)",
      3000,
      ours,
      naive,
      0.01,
    ),
  );

  const oursLong = await runClient(300, 300, scaledClock(TIME_SCALE));
  const naiveLong = await runNaive(300, scaledClock(TIME_SCALE));
  results.push(
    ...scenarioResults(`500 writes at 300/min, two windows (time x${TIME_SCALE})`, 300, oursLong, naiveLong, 0.01),
  );

  // Configured at twice what the org allows: the first window teaches the client the real limit.
  const oursOver = await runClient(300, 600, scaledClock(TIME_SCALE));
  results.push(
    ...scenarioResults(
      `500 writes at 300/min, client configured at 600/min (time x${TIME_SCALE})`,
      300,
      oursOver,
      undefined,
      0.03,
    ),
  );

  return results;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const result of await run()) {
    const figure =
      result.ratio !== undefined ? `${result.ratio.toFixed(2)}x` : `${result.value?.toFixed(1)} ${result.unit ?? ''}`;
    console.log(
      `${result.pass ? 'PASS' : 'FAIL'} ${result.name}: ${figure} (target ${result.target}) [${result.detail}]`,
    );
  }
}
