// The interactive REPL (lua.c's algorithm): readline editing with persistent history and tab
// completion, multi-line input, results printed in summary, Ctrl-C that clears the line at the
// prompt and interrupts a running command without losing the session.
#include "host.hpp"

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <sys/select.h>
#include <unistd.h>
#include <vector>

#ifdef CHAOSLAB_HAVE_READLINE
#include <readline/history.h>
#include <readline/readline.h>
#endif

namespace chaoslab::host {

namespace {

constexpr const char* kPrompt = "> ";
constexpr const char* kContinuation = ">> ";
constexpr int kHistoryLength = 2000;

lua_State* g_repl_state = nullptr;

// Pushes require("chaoslab.repl")[name].
void push_repl_function(lua_State* L, const char* name) {
    lua_getglobal(L, "require");
    lua_pushliteral(L, "chaoslab.repl");
    lua_call(L, 1, 1);
    lua_getfield(L, -1, name);
    lua_remove(L, -2);
}

#ifdef CHAOSLAB_HAVE_READLINE

volatile std::sig_atomic_t g_prompt_interrupted = 0;

void on_prompt_sigint(int) { g_prompt_interrupted = 1; }

std::string history_path() {
    if (const char* p = std::getenv("CHAOSLAB_HISTORY")) return p;
    if (const char* home = std::getenv("HOME")) return std::string(home) + "/.chaoslab_history";
    return "";
}

std::vector<std::string> g_matches;

char* completion_generator(const char*, int state) {
    if (static_cast<std::size_t>(state) >= g_matches.size()) return nullptr;
    return strdup(g_matches[static_cast<std::size_t>(state)].c_str());
}

char** complete(const char* text, int, int) {
    rl_attempted_completion_over = 1; // never fall back to file names
    g_matches.clear();
    lua_State* L = g_repl_state;
    const int top = lua_gettop(L);
    push_repl_function(L, "complete");
    lua_pushstring(L, text);
    if (lua_pcall(L, 1, 1, 0) == LUA_OK && lua_istable(L, -1)) {
        const lua_Integer n = luaL_len(L, -1);
        for (lua_Integer i = 1; i <= n; ++i) {
            lua_rawgeti(L, -1, i);
            if (const char* s = lua_tostring(L, -1)) g_matches.emplace_back(s);
            lua_pop(L, 1);
        }
    }
    lua_settop(L, top);
    if (g_matches.size() == 1 || g_matches.empty()) rl_completion_append_character = '\0';
    return rl_completion_matches(text, completion_generator);
}

// Reads one line with readline's callback interface, so that a SIGINT at the prompt can be
// handled outside the signal handler: the line is dropped and `interrupted` is set.
std::optional<std::string> g_line;
bool g_line_done = false;

void line_handler(char* line) {
    g_line_done = true;
    if (line) {
        g_line = line;
        std::free(line);
    } else {
        g_line.reset();
    }
    rl_callback_handler_remove();
}

std::optional<std::string> read_line(const char* prompt, bool& interrupted) {
    interrupted = false;
    g_line_done = false;
    g_line.reset();
    g_prompt_interrupted = 0;
    struct sigaction sa {
    }, old{};
    sa.sa_handler = on_prompt_sigint;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old); // no SA_RESTART: select() returns EINTR
    rl_callback_handler_install(prompt, line_handler);
    while (!g_line_done) {
        fd_set fds;
        FD_ZERO(&fds);
        FD_SET(STDIN_FILENO, &fds);
        const int r = select(STDIN_FILENO + 1, &fds, nullptr, nullptr, nullptr);
        if (g_prompt_interrupted) {
            // "^C" first: removing the handler ends bracketed-paste mode with a carriage return.
            std::fputs("^C", stdout);
            std::fflush(stdout);
            rl_free_line_state();
            rl_callback_sigcleanup();
            rl_callback_handler_remove();
            std::fputs("\n", stdout);
            std::fflush(stdout);
            interrupted = true;
            break;
        }
        if (r > 0) rl_callback_read_char();
    }
    sigaction(SIGINT, &old, nullptr);
    if (interrupted) return std::string();
    return g_line;
}

void setup_readline(lua_State* L) {
    g_repl_state = L;
    rl_readline_name = "chaoslab";
    rl_catch_signals = 0;
    rl_attempted_completion_function = complete;
    // '.' and ':' are part of a word, so "chaoslab.lin<TAB>" completes the whole chain.
    rl_completer_word_break_characters = const_cast<char*>(" \t\n\"\\'><=;+-*/%^~#{}()[],");
    using_history();
    stifle_history(kHistoryLength);
    const std::string path = history_path();
    if (!path.empty()) read_history(path.c_str());
}

// A multi-line statement goes into the history as one line when that keeps its meaning (no
// comments or long strings that a newline ends), so Up recalls it whole in a later session.
std::string history_entry(std::string entry) {
    if (entry.find("--") == std::string::npos && entry.find("[[") == std::string::npos &&
        entry.find("[=") == std::string::npos)
        for (char& c : entry)
            if (c == '\n') c = ' ';
    return entry;
}

void remember(const std::string& text) {
    const std::string entry = history_entry(text);
    if (entry.empty()) return;
    HIST_ENTRY* last = history_length > 0 ? history_get(history_base + history_length - 1) : nullptr;
    if (last && entry == last->line) return;
    add_history(entry.c_str());
    const std::string path = history_path();
    if (path.empty()) return;
    // Append right away, so history survives a killed session.
    if (access(path.c_str(), F_OK) != 0)
        write_history(path.c_str());
    else
        append_history(1, path.c_str());
}

void finish_readline() {
    const std::string path = history_path();
    if (!path.empty()) history_truncate_file(path.c_str(), kHistoryLength);
}

#else

std::optional<std::string> read_line(const char* prompt, bool& interrupted) {
    interrupted = false;
    std::fputs(prompt, stdout);
    std::fflush(stdout);
    std::string line;
    char buf[4096];
    while (std::fgets(buf, sizeof buf, stdin)) {
        line += buf;
        if (!line.empty() && line.back() == '\n') {
            line.pop_back();
            return line;
        }
    }
    if (line.empty()) return std::nullopt;
    return line;
}
void setup_readline(lua_State*) {}
void remember(const std::string&) {}
void finish_readline() {}

#endif

// True when the syntax error on the stack top means "the statement is not finished yet".
bool incomplete(lua_State* L, int status) {
    if (status != LUA_ERRSYNTAX) return false;
    std::size_t len = 0;
    const char* msg = lua_tolstring(L, -1, &len);
    constexpr std::string_view kEof = "<eof>";
    if (len >= kEof.size() && std::string_view(msg + len - kEof.size()) == kEof) {
        lua_pop(L, 1);
        return true;
    }
    return false;
}

// Compiles `line` as an expression ("return <line>;") so its value is printed.
int try_expression(lua_State* L, const std::string& line) {
    const std::string code = "return " + line + ";";
    const int status = luaL_loadbuffer(L, code.data(), code.size(), "=stdin");
    if (status != LUA_OK) lua_pop(L, 1);
    return status;
}

// Reads a complete chunk (asking for more lines while it is incomplete) and leaves it compiled
// on the stack. Returns nullopt at end of input; `entry` is the text for the history.
std::optional<int> read_chunk(lua_State* L, std::string& entry) {
    bool interrupted = false;
    std::optional<std::string> line = read_line(kPrompt, interrupted);
    if (!line) return std::nullopt;
    if (interrupted) return -1;
    entry = *line;
    if (!entry.empty() && entry[0] == '=') entry = "return " + entry.substr(1); // Lua 5.1 habit
    if (try_expression(L, entry) == LUA_OK) return LUA_OK;
    for (;;) {
        const int status = luaL_loadbuffer(L, entry.data(), entry.size(), "=stdin");
        if (!incomplete(L, status)) return status;
        std::optional<std::string> more = read_line(kContinuation, interrupted);
        if (interrupted) return -1;
        if (!more) return status;
        entry += "\n" + *more;
    }
}

} // namespace

int run_repl(lua_State* L) {
    std::printf("chaoslab %s (%s). help() lists everything; help(x) explains x; Ctrl-D exits.\n", CHAOSLAB_VERSION,
                LUA_RELEASE);
    std::fflush(stdout);
    setup_readline(L);
    for (;;) {
        lua_settop(L, 0);
        std::string entry;
        const std::optional<int> status = read_chunk(L, entry);
        if (!status) break;
        if (*status == -1) continue; // Ctrl-C at the prompt: drop the line
        remember(entry);
        if (*status != LUA_OK) {
            report(L, *status);
            continue;
        }
        const auto start = std::chrono::steady_clock::now();
        const int run = docall(L, 0, LUA_MULTRET);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (run != LUA_OK) {
            report(L, run);
        } else if (const int n = lua_gettop(L); n > 0) {
            // Printing runs user __tostring code too: under docall, so Ctrl-C interrupts it safely.
            push_repl_function(L, "print_results");
            lua_insert(L, 1); // [print_results, results...]
            report(L, docall(L, n, 0));
        }
        if (seconds >= 1.0) std::printf("(%.2f s)\n", seconds);
        std::fflush(stdout);
    }
    std::fputs("\n", stdout);
    finish_readline();
    return EXIT_SUCCESS;
}

} // namespace chaoslab::host
