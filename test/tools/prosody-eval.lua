-- An independent evaluator of a Prosody config, written from Prosody 0.12's core/configmanager.lua and
-- core/modulemanager.lua (not from prosody-manager's TypeScript): it runs the config as Prosody does and prints,
-- as one JSON object, every host's own options and the modules each host would load.
--
--   lua5.4 prosody-eval.lua CONFIG
--
-- As configmanager: each file runs in its own environment starting in the global section ("*"); an unknown global
-- read falls back to Lua's globals (ENV_X reads the environment variable X); every assignment to a global sets an
-- option of the current host; VirtualHost/Host/host and Component/component switch host (a table after them sets
-- options and returns to the global section); `Host "*"` is the global section; Include runs a file, or every
-- non-dot file matching a glob in its last path component, relative to the including file. Unlike Prosody, which
-- takes directory order, globs are expanded in sorted order so results do not depend on the filesystem.

-- Prosody's own libraries, for configs that require them (util.json, util.time).
package.path = "/usr/lib/prosody/?.lua;" .. package.path
package.cpath = "/usr/lib/prosody/?.so;" .. package.cpath
-- prosodyctl sets this before it reads the config; configs test it to skip start-up work.
_G.prosody = { process_type = "prosodyctl" }
local ok_enc, encodings = pcall(require, "util.encodings")
local nameprep = ok_enc and encodings.stringprep.nameprep or function(host) return host:lower() end
local lfs = require "lfs"

local config = { ["*"] = {} }

local function set(host, key, value)
  config[host] = config[host] or {}
  config[host][key] = value
end

local function dirname(file) return file:match("^(.*/)") or "./" end

local function resolve(base_dir, file)
  if file:sub(1, 1) == "/" then return file end
  return base_dir .. file
end

local function glob_to_pattern(glob)
  return "^" .. glob:gsub("[%p]", function(c)
    if c == "*" then return ".*" elseif c == "?" then return "." else return "%" .. c end
  end) .. "$"
end

local load_file

local function make_env(config_file)
  local env
  env = setmetatable({ __currenthost = "*" }, {
    __index = function(_, k)
      if type(k) == "string" and k:match("^ENV_") then return os.getenv(k:sub(5)) end
      return rawget(_G, k)
    end,
    __newindex = function(_, k, v) set(rawget(env, "__currenthost"), k, v) end,
  })
  local function virtualhost(name)
    name = assert(nameprep(name), "bad host name")
    rawset(env, "__currenthost", name)
    set(name, "defined", true)
    return function(options)
      rawset(env, "__currenthost", "*")
      for k, v in pairs(options) do set(name, k, v) end
    end
  end
  local function component(name)
    name = assert(nameprep(name), "bad component name")
    set(name, "component_module", "component")
    set(name, "load_global_modules", false)
    rawset(env, "__currenthost", name)
    local function options(opts)
      rawset(env, "__currenthost", "*")
      for k, v in pairs(opts) do set(name, k, v) end
    end
    return function(module)
      if type(module) == "string" then
        set(name, "component_module", module)
        return options
      end
      return options(module)
    end
  end
  local function include(file)
    if file:match("[*?]") then
      local dir, glob = file:match("^(.-)([^/]+)$")
      dir = dir == "" and dirname(config_file) or resolve(dirname(config_file), dir)
      local names = {}
      for entry in lfs.dir(dir) do
        if entry:sub(1, 1) ~= "." and entry:match(glob_to_pattern(glob)) then names[#names + 1] = entry end
      end
      table.sort(names)
      for _, entry in ipairs(names) do load_file((dir:sub(-1) == "/" and dir or dir .. "/") .. entry) end
      return
    end
    load_file(resolve(dirname(config_file), file))
  end
  rawset(env, "VirtualHost", virtualhost); rawset(env, "Host", virtualhost); rawset(env, "host", virtualhost)
  rawset(env, "Component", component); rawset(env, "component", component)
  rawset(env, "Include", include); rawset(env, "include", include)
  rawset(env, "RunScript", function(file) return dofile(resolve(dirname(config_file), file)) end)
  return env
end

function load_file(file)
  local f = assert(io.open(file, "r"))
  local data = f:read("a")
  f:close()
  local chunk = assert(load(data, "@" .. file, "t", make_env(file)))
  chunk()
end

-- core/modulemanager.lua (0.12), get_modules_for_host
local autoload = { "presence", "message", "iq", "offline", "c2s", "s2s", "s2s_auth_certs", "posix" }
local component_inheritable = { "tls", "saslauth", "dialback", "iq", "s2s", "s2s_bidi", "smacks", "server_contact_info" }

local function set_of(list)
  local s = {}
  if type(list) == "table" then for _, v in ipairs(list) do s[v] = true end end
  return s
end

local function modules_for_host(host)
  local options = config[host]
  local get = function(key)
    local v = options[key]
    if v == nil then v = config["*"][key] end
    return v
  end
  local g_enabled, g_disabled = config["*"].modules_enabled, config["*"].modules_disabled
  local h_enabled, h_disabled = get("modules_enabled"), get("modules_disabled")
  if h_enabled == g_enabled then h_enabled = nil end
  if h_disabled == g_disabled then h_disabled = nil end
  local global = set_of(autoload)
  for k in pairs(set_of(g_enabled)) do global[k] = true end
  for k in pairs(set_of(g_disabled)) do global[k] = nil end
  if get("component_module") then
    local keep = set_of(component_inheritable)
    for k in pairs(global) do if not keep[k] then global[k] = nil end end
  end
  for k in pairs(set_of(h_enabled)) do global[k] = true end
  for k in pairs(set_of(h_disabled)) do global[k] = nil end
  if global.vcard and global.vcard_legacy then global.vcard = nil end
  local out = {}
  for k in pairs(global) do out[#out + 1] = k end
  table.sort(out)
  return out
end

-- JSON, keys sorted, so two runs compare as strings
local encode
local function encode_string(s)
  return '"' .. s:gsub('[%c"\\]', function(c)
    local map = { ['"'] = '\\"', ["\\"] = "\\\\", ["\n"] = "\\n", ["\t"] = "\\t", ["\r"] = "\\r" }
    return map[c] or string.format("\\u%04x", c:byte())
  end) .. '"'
end
function encode(v, seen)
  local t = type(v)
  if t == "string" then return encode_string(v)
  elseif t == "number" then
    if v ~= v or v == math.huge or v == -math.huge then return encode_string(tostring(v)) end
    return math.type(v) == "integer" and tostring(v) or string.format("%.17g", v)
  elseif t == "boolean" then return tostring(v)
  elseif t == "table" then
    seen = seen or {}
    if seen[v] then return '"<cycle>"' end
    seen[v] = true
    local n = #v
    local count = 0
    for _ in pairs(v) do count = count + 1 end
    local parts = {}
    if count == n and n > 0 then
      for i = 1, n do parts[i] = encode(v[i], seen) end
      seen[v] = nil
      return "[" .. table.concat(parts, ",") .. "]"
    end
    if count == 0 then seen[v] = nil; return "[]" end
    local keys = {}
    for k in pairs(v) do keys[#keys + 1] = k end
    table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)
    for _, k in ipairs(keys) do parts[#parts + 1] = encode_string(tostring(k)) .. ":" .. encode(v[k], seen) end
    seen[v] = nil
    return "{" .. table.concat(parts, ",") .. "}"
  end
  return encode_string("<" .. t .. ">")
end

-- With --prosody, Prosody's own configmanager loads the config instead (globs then in directory order): the test
-- that checks this evaluator against Prosody uses it.
local function load_with_prosody(file)
  local configmanager = require "core.configmanager"
  local ok, _, err = configmanager.load(file)
  if not ok then error(err, 0) end
  config = configmanager.getconfig()
end

local loader = arg[2] == "--prosody" and load_with_prosody or load_file
local ok, err = pcall(loader, assert(arg[1], "usage: prosody-eval.lua CONFIG [--prosody]"))
if not ok then
  io.stdout:write(encode({ error = tostring(err) }), "\n")
  os.exit(1)
end
local modules = {}
for host in pairs(config) do
  if host ~= "*" then modules[host] = modules_for_host(host) end
end
io.stdout:write(encode({ options = config, modules = modules }), "\n")
