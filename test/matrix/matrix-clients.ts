import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI, type Content } from '@google/genai';
import OpenAI from 'openai';
import { MATRIX_MODEL, MATRIX_TOOL } from './matrix-upstreams.js';

/** The four inbound formats of the matrix, each driven by its official SDK. */
export type MatrixClientFormat = 'anthropic' | 'openai-chat' | 'openai-responses' | 'gemini';

/** What a scenario observed through the client SDK. */
export interface ClientObservation {
  readonly text: string;
  /** Reasoning text the client received (thinking scenario). */
  readonly reasoning?: string | undefined;
  /** Text deltas received (stream scenario). */
  readonly deltas?: number | undefined;
}

/** One client format's four scenarios. */
export interface MatrixClient {
  readonly format: MatrixClientFormat;
  text(prompt: string): Promise<ClientObservation>;
  stream(prompt: string): Promise<ClientObservation>;
  /** Asks, gets the tool call of {@link MATRIX_TOOL} (checked), sends its result, returns the final answer. */
  toolRoundTrip(prompt: string, beforeSecondTurn: () => void): Promise<ClientObservation>;
  thinking(prompt: string): Promise<ClientObservation>;
}

const weatherSchema = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };

function expectToolCall(name: string | undefined, input: unknown): void {
  if (name !== MATRIX_TOOL.name || JSON.stringify(input) !== JSON.stringify(MATRIX_TOOL.input)) {
    throw new Error(
      `expected a ${MATRIX_TOOL.name}(${JSON.stringify(MATRIX_TOOL.input)}) call, got ${String(name)}(${JSON.stringify(input)})`,
    );
  }
}

/** The client of one format, pointed at the gateway. */
export function createMatrixClient(format: MatrixClientFormat, gatewayUrl: string): MatrixClient {
  switch (format) {
    case 'anthropic': {
      const client = new Anthropic({ baseURL: gatewayUrl, apiKey: 'matrix', maxRetries: 0 });
      const tools: Anthropic.Tool[] = [
        { name: MATRIX_TOOL.name, input_schema: weatherSchema as Anthropic.Tool.InputSchema },
      ];
      const textOf = (message: Anthropic.Message): string =>
        message.content.flatMap((block) => (block.type === 'text' ? [block.text] : [])).join('');
      return {
        format,
        async text(prompt) {
          const message = await client.messages.create({
            model: MATRIX_MODEL,
            max_tokens: 256,
            messages: [{ role: 'user', content: prompt }],
          });
          return { text: textOf(message) };
        },
        async stream(prompt) {
          let deltas = 0;
          const stream = client.messages.stream({
            model: MATRIX_MODEL,
            max_tokens: 256,
            messages: [{ role: 'user', content: prompt }],
          });
          stream.on('text', () => (deltas += 1));
          return { text: textOf(await stream.finalMessage()), deltas };
        },
        async toolRoundTrip(prompt, beforeSecondTurn) {
          const first = await client.messages.create({
            model: MATRIX_MODEL,
            max_tokens: 256,
            tools,
            messages: [{ role: 'user', content: prompt }],
          });
          const call = first.content.find(
            (block): block is Anthropic.ToolUseBlock => block.type === 'tool_use',
          );
          expectToolCall(call?.name, call?.input);
          beforeSecondTurn();
          const second = await client.messages.create({
            model: MATRIX_MODEL,
            max_tokens: 256,
            tools,
            messages: [
              { role: 'user', content: prompt },
              { role: 'assistant', content: first.content },
              {
                role: 'user',
                content: [{ type: 'tool_result', tool_use_id: call?.id ?? '', content: MATRIX_TOOL.result }],
              },
            ],
          });
          return { text: textOf(second) };
        },
        async thinking(prompt) {
          const message = await client.messages.create({
            model: MATRIX_MODEL,
            max_tokens: 4096,
            thinking: { type: 'enabled', budget_tokens: 2048 },
            messages: [{ role: 'user', content: prompt }],
          });
          const reasoning = message.content
            .flatMap((block) => (block.type === 'thinking' ? [block.thinking] : []))
            .join('');
          return { text: textOf(message), reasoning };
        },
      };
    }
    case 'openai-chat': {
      const client = new OpenAI({ baseURL: `${gatewayUrl}/v1`, apiKey: 'matrix', maxRetries: 0 });
      const tools: OpenAI.Chat.Completions.ChatCompletionTool[] = [
        { type: 'function', function: { name: MATRIX_TOOL.name, parameters: weatherSchema } },
      ];
      return {
        format,
        async text(prompt) {
          const completion = await client.chat.completions.create({
            model: MATRIX_MODEL,
            messages: [{ role: 'user', content: prompt }],
          });
          return { text: completion.choices[0]?.message.content ?? '' };
        },
        async stream(prompt) {
          const stream = await client.chat.completions.create({
            model: MATRIX_MODEL,
            stream: true,
            messages: [{ role: 'user', content: prompt }],
          });
          let text = '';
          let deltas = 0;
          for await (const chunk of stream) {
            const content = chunk.choices[0]?.delta.content;
            if (content) {
              text += content;
              deltas += 1;
            }
          }
          return { text, deltas };
        },
        async toolRoundTrip(prompt, beforeSecondTurn) {
          const first = await client.chat.completions.create({
            model: MATRIX_MODEL,
            tools,
            messages: [{ role: 'user', content: prompt }],
          });
          const call = first.choices[0]?.message.tool_calls?.[0];
          const fn = call?.type === 'function' ? call.function : undefined;
          expectToolCall(fn?.name, fn ? JSON.parse(fn.arguments) : undefined);
          beforeSecondTurn();
          const second = await client.chat.completions.create({
            model: MATRIX_MODEL,
            tools,
            messages: [
              { role: 'user', content: prompt },
              { role: 'assistant', content: null, tool_calls: first.choices[0]?.message.tool_calls ?? [] },
              { role: 'tool', tool_call_id: call?.id ?? '', content: MATRIX_TOOL.result },
            ],
          });
          return { text: second.choices[0]?.message.content ?? '' };
        },
        async thinking(prompt) {
          const completion = await client.chat.completions.create({
            model: MATRIX_MODEL,
            reasoning_effort: 'medium',
            messages: [{ role: 'user', content: prompt }],
          });
          const message = completion.choices[0]?.message as
            (OpenAI.Chat.Completions.ChatCompletionMessage & { reasoning_content?: string }) | undefined;
          return { text: message?.content ?? '', reasoning: message?.reasoning_content };
        },
      };
    }
    case 'openai-responses': {
      const client = new OpenAI({ baseURL: `${gatewayUrl}/v1`, apiKey: 'matrix', maxRetries: 0 });
      const tools: OpenAI.Responses.Tool[] = [
        { type: 'function', name: MATRIX_TOOL.name, parameters: weatherSchema, strict: false },
      ];
      return {
        format,
        async text(prompt) {
          const response = await client.responses.create({ model: MATRIX_MODEL, input: prompt });
          return { text: response.output_text };
        },
        async stream(prompt) {
          const stream = client.responses.stream({ model: MATRIX_MODEL, input: prompt });
          let deltas = 0;
          stream.on('response.output_text.delta', () => (deltas += 1));
          const final = await stream.finalResponse();
          return { text: final.output_text, deltas };
        },
        async toolRoundTrip(prompt, beforeSecondTurn) {
          const first = await client.responses.create({ model: MATRIX_MODEL, input: prompt, tools });
          const call = first.output.find(
            (item): item is OpenAI.Responses.ResponseFunctionToolCall => item.type === 'function_call',
          );
          expectToolCall(call?.name, call ? JSON.parse(call.arguments) : undefined);
          beforeSecondTurn();
          const second = await client.responses.create({
            model: MATRIX_MODEL,
            tools,
            input: [
              { role: 'user', content: prompt },
              {
                type: 'function_call',
                call_id: call?.call_id ?? '',
                name: call?.name ?? '',
                arguments: call?.arguments ?? '{}',
              },
              { type: 'function_call_output', call_id: call?.call_id ?? '', output: MATRIX_TOOL.result },
            ],
          });
          return { text: second.output_text };
        },
        async thinking(prompt) {
          const response = await client.responses.create({
            model: MATRIX_MODEL,
            input: prompt,
            reasoning: { effort: 'medium', summary: 'auto' },
          });
          const reasoning = response.output
            .flatMap((item) => (item.type === 'reasoning' ? item.summary.map((part) => part.text) : []))
            .join('');
          return { text: response.output_text, reasoning };
        },
      };
    }
    case 'gemini': {
      const ai = new GoogleGenAI({ apiKey: 'matrix', httpOptions: { baseUrl: gatewayUrl } });
      const functionDeclarations = [{ name: MATRIX_TOOL.name, parametersJsonSchema: weatherSchema }];
      return {
        format,
        async text(prompt) {
          const response = await ai.models.generateContent({ model: MATRIX_MODEL, contents: prompt });
          return { text: response.text ?? '' };
        },
        async stream(prompt) {
          let text = '';
          let deltas = 0;
          for await (const chunk of await ai.models.generateContentStream({
            model: MATRIX_MODEL,
            contents: prompt,
          })) {
            if (chunk.text) {
              text += chunk.text;
              deltas += 1;
            }
          }
          return { text, deltas };
        },
        async toolRoundTrip(prompt, beforeSecondTurn) {
          const config = { tools: [{ functionDeclarations }] };
          const first = await ai.models.generateContent({ model: MATRIX_MODEL, contents: prompt, config });
          const call = first.functionCalls?.[0];
          expectToolCall(call?.name, call?.args);
          beforeSecondTurn();
          const contents: Content[] = [
            { role: 'user', parts: [{ text: prompt }] },
            first.candidates?.[0]?.content ?? { role: 'model', parts: [] },
            {
              role: 'user',
              parts: [
                {
                  functionResponse: {
                    name: call?.name ?? '',
                    ...(call?.id ? { id: call.id } : {}),
                    response: { result: MATRIX_TOOL.result },
                  },
                },
              ],
            },
          ];
          const second = await ai.models.generateContent({ model: MATRIX_MODEL, contents, config });
          return { text: second.text ?? '' };
        },
        async thinking(prompt) {
          const response = await ai.models.generateContent({
            model: MATRIX_MODEL,
            contents: prompt,
            config: { thinkingConfig: { includeThoughts: true, thinkingBudget: 2048 } },
          });
          const parts = response.candidates?.[0]?.content?.parts ?? [];
          const reasoning = parts.flatMap((part) => (part.thought && part.text ? [part.text] : [])).join('');
          const text = parts.flatMap((part) => (!part.thought && part.text ? [part.text] : [])).join('');
          return { text, reasoning };
        },
      };
    }
  }
}
