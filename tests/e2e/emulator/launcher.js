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
// 10. Files, which the stock server lacks (HTTP 500): a user uploads bytes with
//     POST /e2e/upload?token=T (raw body) and sends a message carrying the returned
//     `document`; the bot's getFile answers a File with a file_path, GET /file/bot<T>/<path>
//     serves the bytes, and sendDocument takes a multipart upload (or a file_id), stores the
//     file and answers a Message with `document` and `caption`, like Telegram (the file name
//     taken as raw UTF-8, the way Telegram reads it).
// Known limits kept as-is: getUpdates ignores offset/timeout (no long polling, so use a small
// poll_interval), no inline mode, no photos/audio/video, text with parse_mode is stored raw.

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
  if (m.text === undefined) delete out.text;
  if (m.caption !== undefined) out.caption = m.caption;
  if (m.document) out.document = m.document;
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

// Patch 10: files, kept in memory for the life of the process. Like Telegram, a file_id is good
// only for the bot it was made for, and the bot downloads by the file_path getFile gives.
const files = new Map(); // file_id -> { token, data, file_name, mime_type, file_path }
const MAX_UPLOAD = '60mb'; // above the Bot API's own limits (20 MB down, 50 MB up)
let fileNumber = 0;

function storeFile(token, data, fileName, mimeType) {
  fileNumber += 1;
  const fileId = `E2EFILE${fileNumber}`;
  const entry = {
    token,
    data,
    file_name: fileName,
    mime_type: mimeType,
    file_path: `documents/file_${fileNumber}`,
  };
  files.set(fileId, entry);
  return { fileId, entry };
}

function documentOf(fileId, entry) {
  const doc = { file_id: fileId, file_unique_id: `u${fileId}`, file_size: entry.data.length };
  if (entry.file_name !== undefined) doc.file_name = entry.file_name;
  if (entry.mime_type !== undefined) doc.mime_type = entry.mime_type;
  return doc;
}

// A multipart/form-data body as { fields, files }. Small and strict: what PTB's transports send.
function parseMultipart(body, contentType) {
  const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType || '');
  if (!match) throw new Error('multipart body without a boundary');
  const delimiter = Buffer.from(`--${match[1] || match[2]}`);
  const fields = {};
  const uploads = {};
  let at = body.indexOf(delimiter);
  while (at !== -1) {
    const start = at + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break; // the closing delimiter
    const headEnd = body.indexOf('\r\n\r\n', start);
    const next = body.indexOf(delimiter, headEnd + 4);
    if (headEnd === -1 || next === -1) throw new Error('truncated multipart body');
    const head = body.subarray(start + 2, headEnd).toString('utf8'); // the part's headers, raw UTF-8
    const content = body.subarray(headEnd + 4, next - 2); // less the CRLF before the delimiter
    const disposition = (/content-disposition:([^\r\n]*)/i.exec(head) || [])[1] || '';
    const name = (/(?:^|;)\s*name="([^"]*)"/i.exec(disposition) || [])[1];
    const fileName = /filename="([^"]*)"/i.exec(disposition);
    const type = /content-type:\s*([^\r\n;]+)/i.exec(head);
    if (name !== undefined && fileName) {
      uploads[name] = { file_name: fileName[1], mime_type: type ? type[1].trim() : undefined, data: content };
    } else if (name !== undefined) {
      fields[name] = content.toString('utf8');
    }
    at = next;
  }
  return { fields, uploads };
}

// A form field as the Bot API reads it: PTB sends non-strings JSON-encoded.
function formValue(text) {
  try {
    return JSON.parse(text);
  } catch (err) {
    return text;
  }
}

function patchFiles(app, server) {
  const express = require('express');
  app.post('/e2e/upload', express.raw({ type: () => true, limit: MAX_UPLOAD }), (req, res) => {
    const token = String(req.query.token || '');
    if (!token) return badRequest(res, 'token is required');
    const data = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const { fileId, entry } = storeFile(token, data, req.query.file_name, req.query.mime_type);
    return res.json({ ok: true, result: documentOf(fileId, entry) });
  });

  app.all('/bot:token/getFile', (req, res) => {
    const entry = files.get(String(req.body.file_id));
    if (!entry || entry.token !== req.params.token) return badRequest(res, 'invalid file_id');
    return res.json({
      ok: true,
      result: {
        file_id: String(req.body.file_id),
        file_unique_id: `u${req.body.file_id}`,
        file_size: entry.data.length,
        file_path: entry.file_path,
      },
    });
  });

  app.get('/file/bot:token/*', (req, res) => {
    const path = req.params[0];
    for (const entry of files.values()) {
      if (entry.token === req.params.token && entry.file_path === path) {
        res.set('Content-Type', 'application/octet-stream');
        return res.send(entry.data);
      }
    }
    return res.status(404).json({ ok: false, error_code: 404, description: 'Not Found' });
  });

  app.post('/bot:token/sendDocument', express.raw({ type: 'multipart/form-data', limit: MAX_UPLOAD }),
    safe(async (req, res) => {
      const token = req.params.token;
      let params = req.body;
      let upload;
      if (Buffer.isBuffer(req.body)) {
        const form = parseMultipart(req.body, req.headers['content-type']);
        params = {};
        for (const [key, value] of Object.entries(form.fields)) params[key] = formValue(value);
        upload = form.uploads.document;
      }
      if (params.chat_id === undefined) return badRequest(res, 'chat_id is required');
      let fileId;
      let entry;
      if (upload) {
        ({ fileId, entry } = storeFile(token, upload.data, upload.file_name, upload.mime_type));
      } else if (typeof params.document === 'string' && files.has(params.document)) {
        fileId = params.document; // a file_id sent again
        entry = files.get(fileId);
      } else {
        return badRequest(res, 'there is no document in the request');
      }
      const message = { ...params, document: documentOf(fileId, entry) };
      server.addBotMessage(message, token);
      const stored = server.storage.botMessages[server.storage.botMessages.length - 1];
      return res.json({ ok: true, result: toApiMessage(stored) });
    }));
}

function patchRoutes(app, server) {
  patchFiles(app, server);
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
