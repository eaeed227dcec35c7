import { pino, type Logger, type LoggerOptions } from 'pino';
import { errorSerializer } from './error-serializer.js';

export type { Logger };

/**
 * Paths never written to logs: credentials and personal data. pino removes them at serialisation,
 * so a careless `log.info({ body })` cannot leak them.
 */
export const redactedPaths = [
  'password',
  '*.password',
  'newPassword',
  '*.newPassword',
  'secret',
  '*.secret',
  'client_secret',
  '*.client_secret',
  'token',
  '*.token',
  'access_token',
  '*.access_token',
  'refresh_token',
  '*.refresh_token',
  'email',
  '*.email',
  'phone',
  '*.phone',
  'nationalId',
  '*.nationalId',
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'headers.cookie',
  'res.headers["set-cookie"]',
];

export function createLogger(
  level: string,
  options: LoggerOptions = {},
  destination?: pino.DestinationStream,
): Logger {
  return pino(
    {
      level,
      base: { service: 'promptsales' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: redactedPaths, censor: '[redacted]' },
      serializers: { err: errorSerializer },
      ...options,
    },
    destination,
  );
}
