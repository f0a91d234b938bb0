#!/usr/bin/env node
// Bot API emulator for the end-to-end tests: telegram-test-api 4.2.1, mended so that
// python-telegram-bot 22 can poll it over HTTP.
//
// Usage:  node launcher.js [PORT]        (or EMULATOR_PORT=PORT; 0 = any free port)
// Prints "EMULATOR_READY http://127.0.0.1:PORT" on stdout once it listens.
// It only ever listens on 127.0.0.1.
//
// Env:  EMULATOR_STORE_TIMEOUT  seconds before stored messages expire (default 3600;
//                               the stock default of 60 s drops messages mid-run)
//       EMULATOR_BOT_USERNAME   username that getMe reports (default "emulator_bot")
//       EMULATOR_EXIT_ON_STDIN_CLOSE=1  exit when stdin closes, so a test runner that dies
//                               without killing us does not leave the server running
//
// Why each patch exists (all seen with telegram-test-api 4.2.1 + PTB 22.8):
//  1. getMe lacks `is_bot`           -> PTB's User.de_json fails, so initialize() fails.
//  2. sendMessage's `date` is in ms  -> PTB raises "year ... is out of range".
//  3. callback_query lacks `chat_instance` -> PTB cannot parse the update and drops it.
//  4. editMessageText / editMessageReplyMarkup return null -> PTB handlers that use the
//     returned Message fail. Here they return the edited Message and count the edit.
//  5. setMyCommands, getMyCommands, sendChatAction, ... are unknown to the stock server
//     (HTTP 500); they answer ok:true here. answerCallbackQuery returns true (not null)
//     and is recorded, so tests can check the toast text.
//  6. The stock client routes /sendMessage and /sendCallback answer result:null; here they
//     return the message_id / callback_query_id assigned, so the Python client can track them.
//  7. Bot messages always came back with chat.type "private"; here they carry the chat the
//     user wrote from (so group chats look like group chats) and a `from` bot user.
//  8. POST /e2e/state {token} returns the bot's messages as Bot API Message objects (edits
//     applied) plus the recorded callback answers: one poll for the Python client.
//  9. POST /e2e/count {token} returns only how many messages the bot has sent: a benchmark
//     waiting for the last reply polls it without fetching (and parsing) megabytes of state.
// Known limits kept as-is: getUpdates ignores offset/timeout (no long polling, so use a small
// poll_interval), no inline mode, no files/photos, text with parse_mode is stored raw.

'use strict';

const TelegramServer = require('telegram-test-api');
// The stock constructor registers every function in this array on its express app, in order.
// Putting ours first makes our routes win over the stock ones with the same path.
const stockRoutes = require('telegram-test-api/lib/routes/index').routes;

const HOST = '127.0.0.1';
const argPort = process.argv[2] !== undefined ? process.argv[2] : process.env.EMULATOR_PORT;
const PORT = Number(argPort || 0);
const STORE_TIMEOUT = Number(process.env.EMULATOR_STORE_TIMEOUT || 3600);
const BOT_USERNAME = process.env.EMULATOR_BOT_USERNAME || 'emulator_bot';

const nowSeconds = () => Math.floor(Date.now() / 1000);

// The bot user for a token: like Telegram, the id is the number before the colon.
function botUser(token) {
  const id = Number(String(token).split(':')[0]);
  return {
    id: Number.isSafeInteger(id) && id > 0 ? id : 666,
    is_bot: true, // patch 1
    first_name: 'Emulator Bot',
    username: BOT_USERNAME,
  };
}

// Chats seen in user updates, so bot messages can carry the right chat (patch 7).
const chats = new Map();
const chatKey = (token, chatId) => `${token}|${chatId}`;
function rememberChat(token, chat) {
  if (token && chat && chat.id !== undefined) chats.set(chatKey(token, chat.id), chat);
}
function chatFor(token, chatId) {
  const id = Number(chatId);
  const known = chats.get(chatKey(token, id));
  if (known) return known;
  if (id > 0) return { id, type: 'private', first_name: 'User' };
  return { id, type: String(id).startsWith('-100') ? 'supergroup' : 'group', title: 'Group' };
}

// A stored bot message (stock storage entry) as a Bot API Message (patches 2, 4, 7, 8).
function toApiMessage(entry) {
  const m = entry.message;
  const out = {
    message_id: entry.messageId,
    from: botUser(entry.botToken),
    chat: chatFor(entry.botToken, m.chat_id),
    date: Math.floor(entry.time / 1000), // patch 2: the stock server used milliseconds
    text: m.text,
  };
  if (m.entities) out.entities = m.entities;
  // Telegram only echoes inline keyboards back in a Message.
  if (m.reply_markup && m.reply_markup.inline_keyboard) out.reply_markup = m.reply_markup;
  if (entry.editDate) out.edit_date = entry.editDate;
  return out;
}

const answers = []; // answerCallbackQuery calls, for tests

function findBotMessage(server, token, chatId, messageId) {
  return server.storage.botMessages.find((e) => e.botToken === token
    && String(e.message.chat_id) === String(chatId)
    && String(e.messageId) === String(messageId));
}

const badRequest = (res, description) => res.status(400)
  .json({ ok: false, error_code: 400, description: `Bad Request: ${description}` });

// Express 4 does not catch errors thrown by async handlers: do it here.
const safe = (fn) => async (req, res) => {
  try {
    await fn(req, res);
  } catch (err) {
    if (!res.headersSent) badRequest(res, String(err && err.message ? err.message : err));
  }
};

// Shared by editMessageText and editMessageReplyMarkup (patch 4). Like Telegram, an edit
// replaces the inline keyboard (omitting reply_markup removes it) and an edit that changes
// nothing is refused with "message is not modified".
function editMessage(server, req, res, changes) {
  const token = req.params.token;
  const body = TelegramServer.normalizeMessage({ ...req.body });
  if (body.inline_message_id) return badRequest(res, 'inline messages are not emulated');
  const entry = findBotMessage(server, token, body.chat_id, body.message_id);
  if (!entry) return badRequest(res, 'message to edit not found');
  const next = { ...entry.message, ...changes(body) };
  if (next.reply_markup === undefined) delete next.reply_markup;
  const same = next.text === entry.message.text
    && JSON.stringify(next.reply_markup) === JSON.stringify(entry.message.reply_markup);
  if (same) {
    return badRequest(res, 'message is not modified: specified new message content and reply '
      + 'markup are exactly the same as a current content and reply markup of the message');
  }
  entry.message = next;
  entry.editCount = (entry.editCount || 0) + 1;
  entry.editDate = nowSeconds();
  server.emit('EditedMessageText');
  return res.json({ ok: true, result: toApiMessage(entry) });
}

// Methods the stock server lacks (patch 5): accepted and ignored.
const NO_OP_RESULTS = {
  setMyCommands: true,
  deleteMyCommands: true,
  getMyCommands: [],
  setMyDescription: true,
  setMyShortDescription: true,
  setMyName: true,
  setChatMenuButton: true,
  getChatMenuButton: { type: 'default' },
  setMyDefaultAdministratorRights: true,
  sendChatAction: true,
  getWebhookInfo: { url: '', has_custom_certificate: false, pending_update_count: 0 },
  close: true,
  logOut: true,
};

function patchRoutes(app, server) {
  // Patch 1.
  app.all('/bot:token/getMe', (req, res) => res.json({
    ok: true,
    result: {
      ...botUser(req.params.token),
      can_join_groups: true,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
    },
  }));

  // Patches 2 and 7: store through the stock code, answer with a proper Message.
  app.all('/bot:token/sendMessage', (req, res) => {
    const token = req.params.token;
    if (req.body.chat_id === undefined || !req.body.text) {
      return badRequest(res, 'chat_id and text are required');
    }
    server.addBotMessage(req.body, token);
    const entry = server.storage.botMessages[server.storage.botMessages.length - 1];
    return res.json({ ok: true, result: toApiMessage(entry) });
  });

  // Patch 4.
  app.all('/bot:token/editMessageText', (req, res) => {
    if (!req.body.text) return badRequest(res, 'message text is empty');
    return editMessage(server, req, res, (body) => ({
      text: body.text,
      entities: body.entities,
      parse_mode: body.parse_mode,
      reply_markup: body.reply_markup,
    }));
  });
  app.all('/bot:token/editMessageReplyMarkup', (req, res) => editMessage(
    server, req, res, (body) => ({ reply_markup: body.reply_markup }),
  ));

  // Patch 5.
  app.all('/bot:token/answerCallbackQuery', (req, res) => {
    const b = req.body;
    answers.push({
      token: req.params.token,
      callback_query_id: String(b.callback_query_id),
      text: b.text === undefined ? null : b.text,
      show_alert: b.show_alert === true || b.show_alert === 'true',
      url: b.url === undefined ? null : b.url,
    });
    res.json({ ok: true, result: true });
  });
  for (const [method, result] of Object.entries(NO_OP_RESULTS)) {
    app.all(`/bot:token/${method}`, (_req, res) => res.json({ ok: true, result }));
  }

  // Patch 6: user-side routes that tell which ids they assigned.
  app.post('/sendMessage', safe(async (req, res) => {
    const ids = { update_id: server.updateId, message_id: server.messageId };
    rememberChat(req.body.botToken, req.body.chat);
    await server.addUserMessage(req.body);
    res.json({ ok: true, result: ids });
  }));
  app.post('/sendCallback', safe(async (req, res) => {
    const ids = { update_id: server.updateId, callback_query_id: String(server.callbackId) };
    rememberChat(req.body.botToken, req.body.message && req.body.message.chat);
    await server.addUserCallback(req.body);
    res.json({ ok: true, result: ids });
  }));

  // Patch 8.
  app.post('/e2e/state', (req, res) => {
    const { token } = req.body;
    const messages = server.storage.botMessages
      .filter((e) => e.botToken === token)
      .map((e) => ({
        message: toApiMessage(e),
        edit_count: e.editCount || 0,
        request: e.message, // the parameters as the bot sent them (parse_mode, any keyboard...)
      }));
    res.json({
      ok: true,
      result: { messages, callback_answers: answers.filter((a) => a.token === token) },
    });
  });

  // Patch 9.
  app.post('/e2e/count', (req, res) => {
    const { token } = req.body;
    let count = 0;
    for (const e of server.storage.botMessages) {
      if (e.botToken === token) count += 1;
    }
    res.json({ ok: true, result: { messages: count } });
  });
}

stockRoutes.unshift(patchRoutes);

// Patch 3, and drop the client-only `botToken` field the stock server leaves in messages.
const stockFormatUpdate = TelegramServer.formatUpdate;
TelegramServer.formatUpdate = (update) => {
  const out = stockFormatUpdate(update);
  if (out.callback_query) {
    const cq = out.callback_query;
    const chat = cq.message && cq.message.chat;
    cq.chat_instance = update.callbackQuery.chat_instance
      || String(chat ? chat.id : cq.from && cq.from.id);
  } else if (out.message) {
    delete out.message.botToken;
  }
  return out;
};

async function main() {
  const server = new TelegramServer({ host: HOST, port: 1, storeTimeout: STORE_TIMEOUT });
  server.config.port = PORT; // normalizeConfig turns 0 into 9000; we want 0 = any free port
  await server.start();
  const { port } = server.server.address();
  process.stdout.write(`EMULATOR_READY http://${HOST}:${port}\n`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => process.exit(0), 2000).unref(); // never hang on shutdown
    await server.stop();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  if (process.env.EMULATOR_EXIT_ON_STDIN_CLOSE === '1') {
    process.stdin.on('end', stop);
    process.stdin.on('error', stop);
    process.stdin.resume();
  }
}

main().catch((err) => {
  process.stderr.write(`emulator failed to start: ${err && err.stack ? err.stack : err}\n`);
  process.exit(1);
});
