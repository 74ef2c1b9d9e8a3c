import type { z } from 'zod';
import { InvalidRequestError } from '../../errors/gateway-error.js';
import { formatIssuePath } from '../openai-chat/format-issue-path.js';

/**
 * Parses one part of a client request with `schema`, naming the field on failure:
 * `Invalid Responses request: input[2].content[0].text: Invalid input: expected string.`
 * @param path where `value` sits in the body (`input[2]`), prefixed to the issue's own path
 * @throws InvalidRequestError naming the first offending field
 */
export function parseRequestValue<T>(schema: z.ZodType<T>, value: unknown, path: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = formatIssuePath(issue?.path ?? [], path);
  throw new InvalidRequestError(`Invalid Responses request: ${where}: ${issue?.message ?? 'invalid value'}.`);
}
