// Small HTTP helpers for tests that talk to a fake upstream with plain fetch (no SDK in between).

/** POSTs `JSON.stringify(body)` to `baseUrl + path` with `content-type: application/json` plus `headers`. */
export async function postJson(
  baseUrl: string,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

/** What {@link readToEnd} got: the text that arrived, and the read failure (undefined when the body ended). */
export interface ReadToEndResult {
  text: string;
  error: unknown;
}

/** Reads a response body to its end or to its failure (e.g. a reset connection), keeping what arrived. */
export async function readToEnd(response: Response): Promise<ReadToEndResult> {
  const body = response.body;
  if (body === null) return { text: '', error: undefined };
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { text: text + decoder.decode(), error: undefined };
      text += decoder.decode(value, { stream: true });
    }
  } catch (error) {
    return { text, error };
  }
}

/** The first content block's `text` of a non-streaming Messages response body, or undefined. */
export async function readMessageText(response: Response): Promise<unknown> {
  const message = (await response.json()) as { content?: { text?: unknown }[] };
  return message.content?.[0]?.text;
}

/** Resolves after `milliseconds` ms. */
export function sleep(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}
