const __fanoutImportMetaUrl = require('node:url').pathToFileURL(__filename).href;
"use strict";

// packages/pool/src/constants.ts
var ENV_WORKER_NAME = "FANOUT_POOL_WORKER_NAME";
var ENV_WORKER_CAPTURE = "FANOUT_POOL_WORKER_CAPTURE";
var ENV_PARENT_PID = "FANOUT_POOL_PARENT_PID";
var ENV_WORKER_TASKS = "FANOUT_POOL_WORKER_TASKS";
var ENV_WORKER_THREAD = "FANOUT_POOL_WORKER_THREAD";
var END_MARKER_PREFIX = "\0fanout-task-end:";
var END_MARKER_SUFFIX = "\0";

// packages/pool/src/backend-worker.ts
var TERMINATE = "__workerpool-terminate__";
var CLEANUP = "__workerpool-cleanup__";
function convertError(error) {
  if (error !== null && typeof error === "object" && typeof error.toJSON === "function") return JSON.parse(JSON.stringify(error));
  return JSON.parse(JSON.stringify(error, error !== null && typeof error === "object" ? Object.getOwnPropertyNames(error) : void 0));
}
function isPromise(value) {
  return value !== null && typeof value === "object" && typeof value.then === "function" && typeof value.catch === "function";
}
var isThreadWorker = process.env[ENV_WORKER_THREAD] === "1";
delete process.env[ENV_WORKER_THREAD];
function serveWorkerMethods(methods) {
  let send;
  let onMessage;
  if (isThreadWorker) {
    const port = process.getBuiltinModule("node:worker_threads").parentPort;
    if (port === null) throw new Error("A thread worker has no parentPort");
    send = (message) => port.postMessage(message);
    onMessage = (listener) => port.on("message", listener);
  } else {
    send = (message) => process.send?.(message);
    onMessage = (listener) => process.on("message", listener);
    process.on("disconnect", () => process.exit(1));
  }
  const table = { ...methods, methods: () => Object.keys(table) };
  onMessage((message) => {
    if (message === TERMINATE) {
      process.exit(0);
    }
    const request = message;
    if (request.method === CLEANUP) {
      send({ id: request.id, method: CLEANUP, error: convertError(new Error("Worker terminating")) });
      return;
    }
    try {
      const method = table[request.method];
      if (method === void 0) throw new Error(`Unknown method "${request.method}"`);
      const result = method(...request.params ?? []);
      if (isPromise(result)) {
        result.then((value) => send({ id: request.id, result: value, error: null })).catch((error) => send({ id: request.id, result: null, error: convertError(error) }));
      } else {
        send({ id: request.id, result, error: null });
      }
    } catch (error) {
      send({ id: request.id, result: null, error: convertError(error) });
    }
  });
  send("ready");
}

// packages/pool/src/current-process.ts
var SLOT = /* @__PURE__ */ Symbol.for("@fanout/pool.identity");
function setIdentity(identity) {
  globalThis[SLOT] = identity;
}

// packages/pool/src/end-marker.ts
var INIT_MARKER_ID = 0;
function endMarker(taskId) {
  return `${END_MARKER_PREFIX}${taskId}${END_MARKER_SUFFIX}
`;
}

// packages/pool/src/protocol.ts
var METHOD_INIT = "fanoutInit";
var METHOD_RUN = "fanoutRun";
var METHOD_PROCESS = "fanoutProcess";

// packages/pool/src/errors.ts
var PoolError = class extends Error {
  name = "PoolError";
  code;
  hint;
  pid;
  exitCode;
  signal;
  timeout;
  identifier;
  position;
  constructor(code, message, details = {}) {
    super(message, details.cause === void 0 ? void 0 : { cause: details.cause });
    this.code = code;
    this.hint = details.hint;
    this.pid = details.pid;
    this.exitCode = details.exitCode;
    this.signal = details.signal;
    this.timeout = details.timeout;
    this.identifier = details.identifier;
    this.position = details.position;
  }
};

// packages/pool/src/import-tasks.ts
var import_node_fs = require("node:fs");
var import_node_module = require("node:module");
var import_node_url = require("node:url");
var HOOK_FLAGS = /(?:^|\s)(?:--(?:experimental-)?loader|--import|--require|-r)\b/;
function mayHaveLoaderHooks() {
  return HOOK_FLAGS.test(process.execArgv.join(" ")) || HOOK_FLAGS.test(process.env.NODE_OPTIONS ?? "");
}
async function importTasks(specifier) {
  if (specifier.startsWith("file:") && !/[?#]/.test(specifier) && !mayHaveLoaderHooks()) {
    const file = (0, import_node_url.fileURLToPath)(specifier);
    if ((0, import_node_fs.existsSync)(file)) {
      try {
        const loaded = (0, import_node_module.createRequire)(file)(file);
        if (Object.prototype.toString.call(loaded) === "[object Module]") return loaded;
      } catch (error) {
        const code = error?.code;
        if (code !== "ERR_REQUIRE_ASYNC_MODULE" && code !== "ERR_REQUIRE_ESM" && code !== "ERR_REQUIRE_CYCLE_MODULE") throw error;
      }
    }
  }
  return await import(specifier);
}

// packages/pool/src/worker-functions.ts
var tasksModule;
var tasksLocation;
var compiled = /* @__PURE__ */ new Map();
var preloading;
function preloadTasks(specifier) {
  const module2 = importTasks(specifier);
  module2.catch(() => void 0);
  preloading = { specifier, module: module2 };
}
async function loadTasks(specifier) {
  tasksModule = preloading?.specifier === specifier ? await preloading.module : await importTasks(specifier);
  tasksLocation = specifier;
}
function resolveFunction(spec) {
  if (spec.kind === "export" && spec.source !== void 0) {
    const exported = tasksModule?.[spec.name];
    if (typeof exported === "function" && Function.prototype.toString.call(exported) === spec.source) return exported;
    if (spec.fallback !== void 0) return compile(spec.fallback);
    throw new PoolError("ERR_FUNCTION_NOT_PORTABLE", `${spec.notPortable?.message ?? `\`${spec.name}\` is not portable`}, and it is not the export \`${spec.name}\` of ${tasksLocation ?? "the tasks module"}`, {
      identifier: spec.notPortable?.identifier,
      hint: "Export the function from the module passed as the pool's `tasks` option, and pass that exported function."
    });
  }
  if (spec.kind === "export") {
    if (tasksModule === void 0) throw new TypeError(`Cannot call \`${spec.name}\` by name: the pool has no \`tasks\` module`);
    const fn = tasksModule[spec.name];
    if (typeof fn !== "function") {
      throw new TypeError(`\`${spec.name}\` is not a function exported by ${tasksLocation ?? "the tasks module"} (got ${typeof fn})`);
    }
    return fn;
  }
  return compile(spec.source);
}
function compile(source) {
  let fn = compiled.get(source);
  if (fn === void 0) {
    fn = new Function(`return (${source});`)();
    compiled.set(source, fn);
  }
  return fn;
}

// packages/pool/src/clone-check.ts
var LEAF_TAGS = /* @__PURE__ */ new Set([
  "[object Date]",
  "[object RegExp]",
  "[object ArrayBuffer]",
  "[object SharedArrayBuffer]",
  "[object Boolean]",
  "[object Number]",
  "[object String]",
  "[object BigInt]",
  "[object Blob]",
  "[object File]"
]);
function needsCloneCheck(value) {
  const type = typeof value;
  return type === "object" || type === "function" || type === "symbol";
}
function findUnclonable(value, path, seen) {
  switch (typeof value) {
    case "function":
      return { path, what: `a function (${value.name || "anonymous"})` };
    case "symbol":
      return { path, what: `a symbol (${String(value)})` };
    case "object":
      break;
    default:
      return void 0;
  }
  if (value === null) return void 0;
  seen ??= /* @__PURE__ */ new Set();
  if (seen.has(value)) return void 0;
  seen.add(value);
  if (ArrayBuffer.isView(value)) return void 0;
  const tag = Object.prototype.toString.call(value);
  if (LEAF_TAGS.has(tag)) return void 0;
  if (value instanceof Map) {
    let i = 0;
    for (const [key, entry] of value) {
      const found = findUnclonable(key, `${path}.keys()[${i}]`, seen) ?? findUnclonable(entry, `${path}.get(…)[${i}]`, seen);
      if (found) return found;
      i++;
    }
    return void 0;
  }
  if (value instanceof Set) {
    let i = 0;
    for (const entry of value) {
      const found = findUnclonable(entry, `${path}.values()[${i}]`, seen);
      if (found) return found;
      i++;
    }
    return void 0;
  }
  if (value instanceof Error) return void 0;
  if (value instanceof Promise || value instanceof WeakMap || value instanceof WeakSet || value instanceof WeakRef) {
    return { path, what: `a ${tag.slice(8, -1)}` };
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnclonable(value[i], `${path}[${i}]`, seen);
      if (found) return found;
    }
    return void 0;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== null && proto !== Object.prototype && tag !== "[object Object]") {
    return { path, what: `a ${tag.slice(8, -1)}` };
  }
  for (const key of Object.keys(value)) {
    const found = findUnclonable(value[key], `${path}.${key}`, seen);
    if (found) return found;
  }
  return void 0;
}

// packages/pool/src/serialize-error.ts
function cloneable(value) {
  try {
    structuredClone(value);
    return true;
  } catch {
    return false;
  }
}
function serializeThrown(thrown, depth = 0) {
  if (!(thrown instanceof Error)) {
    return { isError: false, value: cloneable(thrown) ? thrown : String(thrown) };
  }
  const props = {};
  for (const key of Object.keys(thrown)) {
    if (key === "cause" || key === "errors") continue;
    const value = thrown[key];
    props[key] = cloneable(value) ? value : String(value);
  }
  const serialized = {
    isError: true,
    name: thrown.name,
    message: thrown.message,
    stack: thrown.stack,
    props
  };
  if (depth < 8 && "cause" in thrown && thrown.cause !== void 0) serialized.cause = serializeThrown(thrown.cause, depth + 1);
  if (depth < 8 && thrown instanceof AggregateError) serialized.errors = thrown.errors.map((e) => serializeThrown(e, depth + 1));
  return serialized;
}

// packages/pool/src/run-items.ts
function isThenable(value) {
  return typeof value === "object" && value !== null && typeof value.then === "function";
}
function checkResult(value, index) {
  const bad = findUnclonable(value, "result");
  if (bad === void 0) return;
  throw new PoolError("ERR_NOT_SERIALIZABLE", `The result of item ${index} cannot be sent back to the parent: \`${bad.path}\` is ${bad.what}`, {
    position: bad.path,
    hint: "Return plain data (primitives, arrays, plain objects, Map, Set, Date, typed arrays)."
  });
}
function runItems(fn, star, items) {
  let stopAt = -1;
  let thrown;
  let pending;
  const settle = (value, index) => {
    if (isThenable(value)) {
      stopAt = index;
      pending = value;
      return void 0;
    }
    checkResult(value, index);
    return value;
  };
  const fail = (error, index) => {
    stopAt = index;
    thrown = error;
    return void 0;
  };
  const values = items.map(
    star ? (item, index) => {
      if (stopAt !== -1) return void 0;
      try {
        const value = fn(...item);
        const type = typeof value;
        return type === "object" || type === "function" || type === "symbol" ? settle(value, index) : value;
      } catch (error) {
        return fail(error, index);
      }
    } : (item, index) => {
      if (stopAt !== -1) return void 0;
      try {
        const value = fn(item);
        const type = typeof value;
        return type === "object" || type === "function" || type === "symbol" ? settle(value, index) : value;
      } catch (error) {
        return fail(error, index);
      }
    }
  );
  if (stopAt === -1) return { values };
  values.length = stopAt;
  if (pending !== void 0) return runItemsAsync(fn, star, items, stopAt, pending, values);
  return { values, error: serializeThrown(thrown) };
}
async function runItemsAsync(fn, star, items, from, pending, values) {
  let next = pending;
  for (let i = from; i < items.length; i++) {
    try {
      if (i > from) next = star ? fn(...items[i]) : fn(items[i]);
      const value = isThenable(next) ? await next : next;
      if (needsCloneCheck(value)) checkResult(value, i);
      values.push(value);
    } catch (error) {
      return { values, error: serializeThrown(error) };
    }
  }
  return { values };
}

// packages/pool/src/pool-worker.ts
var name = process.env[ENV_WORKER_NAME] ?? "PoolWorker";
var capture = process.env[ENV_WORKER_CAPTURE] === "1";
var parentPid = Number(process.env[ENV_PARENT_PID] ?? process.ppid);
var preload = process.env[ENV_WORKER_TASKS];
delete process.env[ENV_WORKER_NAME];
delete process.env[ENV_WORKER_CAPTURE];
delete process.env[ENV_PARENT_PID];
delete process.env[ENV_WORKER_TASKS];
setIdentity({ name, parentPid });
if (!isThreadWorker) {
  process.on("disconnect", () => {
    try {
      process.kill(-process.pid, "SIGKILL");
    } catch {
      process.exit(1);
    }
  });
}
if (preload !== void 0) preloadTasks(preload);
async function init(request) {
  try {
    if (request.tasks !== void 0) await loadTasks(request.tasks);
    if (request.initializer !== void 0) await resolveFunction(request.initializer)(...request.initargs);
    return {};
  } catch (error) {
    return { error: serializeThrown(error) };
  } finally {
    if (capture) {
      const marker = endMarker(INIT_MARKER_ID);
      process.stdout.write(marker);
      process.stderr.write(marker);
    }
  }
}
var previous = Promise.resolve();
function run(request) {
  const next = previous.then(() => runOne(request));
  previous = next.catch(() => void 0);
  return next;
}
async function runOne(request) {
  let reply;
  try {
    reply = await runItems(resolveFunction(request.fn), request.star, request.items);
  } catch (error) {
    reply = { values: [], error: serializeThrown(error) };
  }
  if (capture) {
    const marker = endMarker(request.taskId);
    process.stdout.write(marker);
    process.stderr.write(marker);
  }
  return reply;
}
async function runProcess(request) {
  try {
    await resolveFunction(request.fn)(...request.args);
    return {};
  } catch (error) {
    process.stderr.write(`Process ${name}:
${error instanceof Error ? error.stack ?? String(error) : String(error)}
`);
    return { error: serializeThrown(error) };
  }
}
serveWorkerMethods({ [METHOD_INIT]: init, [METHOD_RUN]: run, [METHOD_PROCESS]: runProcess });
