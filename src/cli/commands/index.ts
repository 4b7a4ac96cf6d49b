/**
 * Every CLI command: one module each, registered by one line here. A module only declares flags; the library
 * code behind a command is imported when its action runs.
 */
import type { Command } from 'commander';
import { registerDocs } from './docs.js';
import { registerEmulator } from './emulator.js';
import { registerGenerate } from './generate.js';
import { registerGraph } from './graph.js';
import { registerApply } from './apply.js';
import { registerAudit } from './audit.js';
import { registerPortal } from './portal.js';
import { registerPlan } from './plan.js';
import { registerValidate } from './validate.js';
import { registerPull } from './pull.js';
import { registerHistory } from './history.js';
import { registerRollback } from './rollback.js';
import { registerDiff } from './diff.js';
import { registerCompletion } from './completion.js';

export type RegisterCommand = (program: Command) => void;

export const COMMANDS: readonly RegisterCommand[] = [
  registerValidate,
  registerPlan,
  registerApply,
  registerPull,
  registerHistory,
  registerRollback,
  registerDiff,
  registerAudit,
  registerPortal,
  registerEmulator,
  registerGraph,
  registerGenerate,
  registerDocs,
  registerCompletion,
];
