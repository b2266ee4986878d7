#!/usr/bin/env node
import { loadDotEnv } from './config/index.js';
import { runCli } from './cli/run.js';

loadDotEnv();
const code = await runCli(process.argv.slice(2), {
  stdout: (chunk) => process.stdout.write(chunk),
  stderr: (chunk) => process.stderr.write(chunk),
  env: process.env,
  cwd: process.cwd(),
});
process.exitCode = code;
