import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';

let installed = false;

/**
 * Memoises class-validator's lookup of a class's validation rules (its own and inherited).
 * class-validator 0.15 scans every registered class on each validate() call to find a class's
 * ancestors (typestack/class-validator#2686, open): with the hundreds of payload and body
 * classes of the catalogue and the APIs, that scan was a third of the time of checking a
 * payload (bulk import, consumers' decode, HTTP bodies). The rules of a class are registered
 * when it is defined, before it can be validated, so the answer is stable; the cache is still
 * dropped whenever a rule is registered, so a class defined later never reads a stale answer.
 * Installed once, on the process's one metadata storage (imported by validatePayload and the
 * HTTP validation pipe).
 */
export function cacheValidationMetadata(): void {
  if (installed) return;
  installed = true;
  const storage = getMetadataStorage();
  const lookup = storage.getTargetValidationMetadatas.bind(storage);
  const register = storage.addValidationMetadata.bind(storage);
  let cache = new WeakMap<object, Map<string, ValidationMetadata[]>>();
  storage.addValidationMetadata = (metadata: ValidationMetadata) => {
    cache = new WeakMap();
    register(metadata);
  };
  storage.getTargetValidationMetadatas = (targetConstructor, targetSchema, always, strictGroups, groups) => {
    const key = `${targetSchema}\u0000${always}\u0000${strictGroups}\u0000${(groups ?? []).join('\u0001')}`;
    let byOptions = cache.get(targetConstructor);
    if (!byOptions) cache.set(targetConstructor, (byOptions = new Map()));
    let found = byOptions.get(key);
    if (!found) byOptions.set(key, (found = lookup(targetConstructor, targetSchema, always, strictGroups, groups)));
    return found;
  };
}
