// What the two OpenAI fakes (Chat Completions and Responses) share on top of fake-server.ts: the same front as
// the OpenAI API has for both. Every response carries `x-request-id: req_fake_<n>` (the openai SDK exposes it as
// `_request_id` / `requestID`); `Authorization: Bearer` is checked first; `GET <any prefix>/models` is "List
// models"; a generation request whose body is not a JSON object is a 400; anything else is a 404
// `invalid_request_error` ("Invalid URL (<METHOD> <path>)"); a failure of the fake itself is a 500 `server_error`.
import { startFakeServer, type FakeExchange, type FakeUpstream } from './fake-server.js';
import { sendOpenAIErrorEnvelope } from './openai-chat-send-reply.js';
import { buildOpenAIModelsList } from './openai-models-list.js';
import {
  buildOpenAIInvalidJsonError,
  buildOpenAIInvalidUrlError,
  buildOpenAIServerError,
  checkOpenAIBearer,
} from './openai-request-errors.js';
import { sendJson } from './send-fake-reply.js';

/** What one OpenAI fake adds to the shared front: its generation route and how it answers it. */
export interface FakeOpenAIServerSetup<Reply> {
  /** When set, every request must carry `Authorization: Bearer <apiKey>`; else 401. */
  apiKey: string | undefined;
  /** Model ids listed by `GET …/models`. */
  models: readonly string[];
  /** The generation route's path ending, e.g. `/chat/completions`: served under any prefix, with any query. */
  generatePath: string;
  /** Answers a `POST …<generatePath>` whose body is a JSON object (`body`). */
  answer(exchange: FakeExchange<Reply>, body: Record<string, unknown>): Promise<void>;
}

/** Starts an OpenAI fake on `127.0.0.1:0`: the shared front above, and `setup.answer` for generation. */
export function startFakeOpenAIServer<Reply>(
  setup: FakeOpenAIServerSetup<Reply>,
): Promise<FakeUpstream<Reply>> {
  const handle = async (exchange: FakeExchange<Reply>): Promise<void> => {
    const { response, recorded } = exchange;
    const { method, path, body } = recorded;
    response.setHeader('x-request-id', `req_fake_${exchange.requestNumber}`);

    const authFailure =
      setup.apiKey === undefined ? undefined : checkOpenAIBearer(recorded.headers, setup.apiKey);
    if (authFailure !== undefined) return sendOpenAIErrorEnvelope(response, 401, authFailure);
    const pathname = path.split('?', 1)[0] ?? '';
    if (method === 'POST' && pathname.endsWith(setup.generatePath)) {
      if (!isRecord(body)) return sendOpenAIErrorEnvelope(response, 400, buildOpenAIInvalidJsonError());
      return setup.answer(exchange, body);
    }
    if (method === 'GET' && pathname.endsWith('/models')) {
      return sendJson(response, 200, buildOpenAIModelsList(setup.models));
    }
    return sendOpenAIErrorEnvelope(response, 404, buildOpenAIInvalidUrlError(method, path));
  };

  return startFakeServer({
    handle,
    sendFailure: (response, message) =>
      sendOpenAIErrorEnvelope(response, 500, buildOpenAIServerError(message)),
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
