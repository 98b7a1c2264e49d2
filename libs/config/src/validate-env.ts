import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validateSync } from 'class-validator';
import { readFileSync } from 'node:fs';

export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigValidationError';
  }
}

/** The variables a configuration class reads (its validated properties). */
export function environmentVariables(cls: abstract new () => object): string[] {
  const metas = getMetadataStorage().getTargetValidationMetadatas(cls as new () => object, '', true, false);
  return [...new Set(metas.map((m) => m.propertyName))];
}

export const FILE_SUFFIX = '_FILE';

// Docker and Kubernetes secrets arrive as files: for every variable X the class reads, X_FILE
// names a file whose content (without its final line break) is X. Setting both is refused, so
// nobody wonders which one won.
export function resolveFileVariables(
  cls: abstract new () => object,
  env: Record<string, string | undefined>,
): Record<string, string | undefined> {
  const resolved = { ...env };
  const problems: string[] = [];
  for (const name of environmentVariables(cls)) {
    const path = env[`${name}${FILE_SUFFIX}`];
    if (path === undefined || path === '') continue;
    if (env[name] !== undefined && env[name] !== '') {
      problems.push(`${name}${FILE_SUFFIX}: ${name} is set too; set only one of them`);
      continue;
    }
    try {
      resolved[name] = readFileSync(path, 'utf8').replace(/\r?\n$/, '');
    } catch (err) {
      // The path and the error code only: never the content.
      problems.push(`${name}${FILE_SUFFIX}: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }
  if (problems.length) throw new ConfigValidationError(problems);
  return resolved;
}

// Validates the environment against a class-validator class; every problem names its variable.
export function validateEnv<T extends object>(
  cls: new () => T,
  env: Record<string, string | undefined> = process.env,
): T {
  const instance = plainToInstance(cls, resolveFileVariables(cls, env), {
    enableImplicitConversion: true,
    exposeDefaultValues: true,
  });
  const errors = validateSync(instance, { skipMissingProperties: false, whitelist: false });
  if (errors.length > 0) {
    throw new ConfigValidationError(
      errors.map((e) => `${e.property}: ${Object.values(e.constraints ?? {}).join('; ')}`),
    );
  }
  return instance;
}
