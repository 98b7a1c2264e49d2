import type { NextFunction, Request, Response } from 'express';
import { HttpStatus } from '@nestjs/common';
import { ProblemException } from './problem';

/** The deepest nesting any request of ours needs is 4; this leaves room and stops abuse. */
export const MAX_JSON_DEPTH = 32;

// Walks without recursion, so a body nested 20,000 levels deep costs a loop, not a stack.
export function jsonDepthExceeds(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth > max) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return false;
}

// Runs after the JSON parser and before validation, which recurses and would overflow.
export function rejectDeepJson(max = MAX_JSON_DEPTH) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    if (jsonDepthExceeds(req.body, max)) {
      next(new ProblemException(HttpStatus.BAD_REQUEST, 'Body nested too deeply', `JSON bodies may nest at most ${max} levels`));
      return;
    }
    next();
  };
}
