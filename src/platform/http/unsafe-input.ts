import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, type FieldError } from '../errors/app-error.js';

/**
 * Deeper JSON than any of our schemas needs; it also keeps recursive code downstream (schema
 * validation, fingerprinting, serialisation) far from the stack limit.
 */
export const maxInputDepth = 64;

/** `%00` anywhere in the raw URL: a NUL in a path segment or query value once decoded. */
const encodedNul = /%00/i;

/**
 * Why a string cannot be stored: PostgreSQL `text` and `jsonb` refuse NUL, and a lone UTF-16
 * surrogate has no UTF-8 encoding. Left to the database, both are 500s after partial work.
 */
function textProblem(text: string): string | undefined {
  if (text.includes('\u0000')) return 'must not contain NUL characters (\\u0000)';
  if (!text.isWellFormed()) return 'must not contain unpaired UTF-16 surrogates (\\ud800-\\udfff)';
  return undefined;
}

/**
 * The first unacceptable string, property name or nesting level in a parsed input, with its
 * dotted path. Iterative, so hostile nesting cannot exhaust the stack while it is checked.
 */
export function findUnsafeInput(root: unknown, rootPath: string): FieldError | undefined {
  const pending: { value: unknown; path: string; depth: number }[] = [
    { value: root, path: rootPath, depth: 0 },
  ];
  for (let item = pending.pop(); item; item = pending.pop()) {
    const { value, path, depth } = item;
    if (typeof value === 'string') {
      const problem = textProblem(value);
      if (problem) return { field: path, message: problem };
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= maxInputDepth) {
      return { field: path, message: `is nested deeper than ${maxInputDepth} levels` };
    }
    for (const [key, child] of Object.entries(value)) {
      const problem = textProblem(key);
      // The key itself is the bad part: the path stops at its parent rather than echo it.
      if (problem) return { field: path, message: `has a property name that ${problem}` };
      pending.push({ value: child, path: `${path}.${key}`, depth: depth + 1 });
    }
  }
  return undefined;
}

function refuse(found: FieldError): AppError {
  return AppError.validation(`The request is invalid: ${found.field} ${found.message}`, [found]);
}

function checkParsed(request: FastifyRequest): void {
  for (const [part, value] of [
    ['body', request.body],
    ['query', request.query],
    ['params', request.params],
  ] as const) {
    if (value === undefined || value === null) continue;
    const found = findUnsafeInput(value, part);
    if (found) throw refuse(found);
  }
}

/**
 * One defence for every route, present and future: a NUL in the URL, and NUL characters, lone
 * surrogates or excessive nesting in any parsed body, query or path parameter are a 400 problem
 * before any handler, idempotency record or database write sees them.
 */
export function registerUnsafeInputChecks(app: FastifyInstance): void {
  // Callback-style hooks: every request passes them, without the promise an async hook costs.
  app.addHook('onRequest', (request, _reply, done) => {
    if (!encodedNul.test(request.url)) return done();
    done(
      AppError.validation('The URL must not contain NUL characters (%00)', [
        { field: 'url', message: 'must not contain NUL characters (%00)' },
      ]),
    );
  });
  app.addHook('preValidation', (request, _reply, done) => {
    try {
      checkParsed(request);
    } catch (error) {
      return done(error as Error);
    }
    done();
  });
}
