/**
 * Preloaded (`node --import`) into a measured process: at exit, writes the process's peak resident set size
 * (KiB, from getrusage) to the file CXSCHEMA_BENCH_RSS_FILE names.
 */
import { writeFileSync } from 'node:fs';

const file = process.env['CXSCHEMA_BENCH_RSS_FILE'];
if (file !== undefined) {
  process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
}
