import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collect: (() => void) | undefined;

/**
 * One full garbage collection, between two steps of a command that each leave behind garbage as
 * large as the estate (the access map of an organization, then its findings). Under Node's default
 * heap limit V8 collects lazily, so the second step would stack its garbage on the first's and the
 * process would hold twice the memory it needs (docs/scale.md, "peak RSS"). Costs about a second on
 * a heap of a gigabyte; a no-op where the runtime refuses.
 */
export function collectGarbage(): void {
  try {
    if (!collect) {
      setFlagsFromString('--expose-gc');
      collect = runInNewContext('gc') as () => void;
    }
    collect();
  } catch {
    collect = () => undefined;
  }
}
