#!/usr/bin/env node
// Runs the CLI from source through tsx's loader, so a checkout needs no build step.
import process from 'node:process';
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/cli/main.ts');
process.exitCode = await runCli(process.argv, process);
