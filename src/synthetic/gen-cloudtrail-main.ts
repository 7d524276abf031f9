import { processIo } from '../cli/command-io.js';
import { runGenCloudTrail } from './gen-cloudtrail-command.js';

process.exitCode = runGenCloudTrail(process.argv.slice(2), processIo);
