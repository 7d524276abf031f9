import { processIo } from '../cli/command-io.js';
import { runGenEstate } from './gen-estate-command.js';

process.exitCode = runGenEstate(process.argv.slice(2), processIo);
