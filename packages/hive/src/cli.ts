#!/usr/bin/env node
import { runCheckCommand } from './check-command.js';

runCheckCommand(process.argv.slice(2), { out: (line) => console.log(line) }).then(
  (code) => {
    process.exitCode = code;
  },
  () => {
    process.exitCode = 2;
  },
);
