import { existsSync } from 'node:fs';

/**
 * The browser the end-to-end tests drive: Debian's chromium (`apt-get install chromium`, which
 * .ci/run does), or the one TRUSTMAP_CHROMIUM names. playwright-core downloads no browser.
 */
export const CHROMIUM = process.env.TRUSTMAP_CHROMIUM ?? '/usr/bin/chromium';

export const HAS_CHROMIUM = existsSync(CHROMIUM);

export const NO_CHROMIUM_REASON = `skipped: no chromium at ${CHROMIUM} (install Debian's \`chromium\` package, or set TRUSTMAP_CHROMIUM)`;
