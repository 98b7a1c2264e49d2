// Domain errors carry a code from a string enum so every transport can map them with an
// exhaustive switch (HTTP filter, activity boundary) instead of matching on messages.
export abstract class DomainError<TCode extends string = string> extends Error {
  protected constructor(
    readonly code: TCode,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export function assertUnreachable(value: never): never {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`);
}
