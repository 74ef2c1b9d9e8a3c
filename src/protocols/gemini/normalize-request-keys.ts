/**
 * Renames a client's snake_case field names to the API's camelCase (`system_instruction` →
 * `systemInstruction`, `inline_data.mime_type` → `inlineData.mimeType`, …). The Gemini REST API
 * accepts both spellings (proto3 JSON mapping), and the reference's curl examples use snake_case.
 * Only the request's structure is renamed: values the client owns — `functionCall.args`,
 * `functionResponse.response`, schemas (`parameters`, `responseSchema`), `safetySettings`
 * entries, `labels` — are left as they are. When both spellings are present the camelCase one wins.
 * Source: Gemini API reference, "Generating content" (request examples); protobuf "JSON Mapping"
 * (lowerCamelCase names, original proto field names also accepted).
 * @param body the parsed JSON body
 * @returns the body with renamed keys (a new object; the input is not changed), or the input when
 *   it is not an object
 */
export function normalizeGeminiRequestKeys(body: unknown): unknown {
  return renameObject(body, REQUEST_SHAPE);
}

/** Where to descend after renaming: child key → its shape (`'leaf'`: keep the value as is). */
interface Shape {
  readonly [key: string]: Shape | 'leaf' | { readonly each: Shape };
}

const PART_SHAPE: Shape = {
  inlineData: {},
  fileData: {},
  functionCall: { args: 'leaf' },
  functionResponse: { response: 'leaf', parts: { each: {} } },
  executableCode: {},
  codeExecutionResult: {},
  videoMetadata: {},
};

const CONTENT_SHAPE: Shape = { parts: { each: PART_SHAPE } };

const REQUEST_SHAPE: Shape = {
  contents: { each: CONTENT_SHAPE },
  systemInstruction: CONTENT_SHAPE,
  tools: {
    each: {
      functionDeclarations: {
        each: {
          parameters: 'leaf',
          parametersJsonSchema: 'leaf',
          response: 'leaf',
          responseJsonSchema: 'leaf',
        },
      },
    },
  },
  toolConfig: { functionCallingConfig: {} },
  generationConfig: {
    thinkingConfig: {},
    responseSchema: 'leaf',
    responseJsonSchema: 'leaf',
    speechConfig: 'leaf',
  },
  safetySettings: 'leaf',
  labels: 'leaf',
};

function camelCase(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());
}

function renameObject(value: unknown, shape: Shape): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const out: Record<string, unknown> = {};
  const entries = Object.entries(value as Record<string, unknown>);
  // camelCase keys first, so they win over a snake_case duplicate.
  entries.sort(([a], [b]) => Number(a.includes('_')) - Number(b.includes('_')));
  for (const [key, child] of entries) {
    const name = camelCase(key);
    if (name in out) continue;
    const childShape = shape[name];
    out[name] = childShape === undefined ? child : descend(child, childShape);
  }
  return out;
}

function descend(value: unknown, shape: Shape | 'leaf' | { readonly each: Shape }): unknown {
  if (shape === 'leaf') return value;
  if ('each' in shape && typeof shape.each === 'object') {
    const each = shape.each as Shape;
    return Array.isArray(value) ? value.map((item) => renameObject(item, each)) : value;
  }
  return renameObject(value, shape as Shape);
}
