import { HttpStatus, ValidationPipe, type ValidationError } from '@nestjs/common';
import { ProblemException, type FieldProblem } from './problem';

function flatten(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = e.constraints ? [{ field, messages: Object.values(e.constraints) }] : [];
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

// Unknown fields are refused (not silently dropped) and every problem names its field.
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => {
      const problems = flatten(errors);
      return new ProblemException(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'Validation failed',
        problems.map((p) => `${p.field}: ${p.messages.join(', ')}`).join('; '),
        problems,
      );
    },
  });
}
