// The chaoslab executable: parses the command line, opens Lua with the chaoslab module and runs
// a script, -e chunks, stdin or the REPL (the structure follows Lua's own lua.c).
#include "host.hpp"

#include "core/interrupt.hpp"
#include "module.hpp"
#include "parallel/comm.hpp"
#include "parallel/threads.hpp"
#include "sweep.hpp"

#include <csignal>
#include <cstdint>
#include <optional>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

namespace chaoslab::host {

namespace {

const char* const kProgram = "chaoslab";
lua_State* g_state = nullptr;

const char kUsage[] = "usage: chaoslab [options] [script [args]]\n"
                      "Runs a chaoslab study script (Lua 5.4 with the chaoslab module), or starts the REPL.\n"
                      "Options:\n"
                      "  -e code        execute the string 'code' (may be repeated)\n"
                      "  -i             enter the REPL after running the script or -e code\n"
                      "  -              read the script from standard input\n"
                      "  --threads N    use N OpenMP threads (default: OMP_NUM_THREADS or all cores)\n"
                      "  --no-strict    allow reading undeclared globals in scripts (they are nil)\n"
                      "  --session N    use seed session N in every sweep (batch runs; overrides the script)\n"
                      "  --output-dir D write relative sweep outputs under folder D\n"
                      "  --print-all-ranks  under mpirun, show print() of every rank, prefixed by its rank\n"
                      "                 (default: rank 0 only)\n"
                      "  -v, --version  print the version and exit\n"
                      "  -h, --help     print this help and exit\n"
                      "  --             stop handling options\n"
                      "Without a script, chaoslab starts the REPL when standard input is a terminal and\n"
                      "otherwise runs standard input as a script. The script sees its arguments in `arg`.\n";

// ---- Ctrl-C: a Lua hook for Lua code plus the runtime's flag for native loops ----------------------

void stop_hook(lua_State* L, lua_Debug*) {
    lua_sethook(L, nullptr, 0, 0);
    // Native code may already have consumed the interrupt (and is unwinding with its own error).
    if (!take_interrupt()) return;
    luaL_error(L, "interrupted");
}

void on_sigint(int sig) {
    std::signal(sig, SIG_DFL); // a second Ctrl-C while the first is pending terminates
    request_interrupt();
    lua_sethook(g_state, stop_hook, LUA_MASKCALL | LUA_MASKRET | LUA_MASKCOUNT, 1);
}

int message_handler(lua_State* L) {
    const char* msg = lua_tostring(L, 1);
    if (!msg) {
        if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING) return 1;
        msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
    }
    luaL_traceback(L, L, msg, 1);
    return 1;
}

std::filesystem::path executable_path(const char* argv0) {
    std::error_code ec;
    auto p = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (!ec) return p;
    return std::filesystem::absolute(argv0, ec);
}

// The stdlib sits at <prefix>/share/chaoslab/lua next to <prefix>/bin/chaoslab, in the build tree
// and in the installed tree alike; the current directory is never consulted.
std::string find_stdlib(const char* argv0) {
    const auto dir = executable_path(argv0).parent_path();
    const auto candidate = (dir / ".." / CHAOSLAB_STDLIB_RELDIR).lexically_normal();
    if (std::filesystem::exists(candidate / "chaoslab" / "prelude.lua")) return candidate.string();
    std::fprintf(stderr, "%s: cannot find the Lua stdlib (looked in %s)\n", kProgram, candidate.c_str());
    std::exit(EXIT_FAILURE);
}

struct Args {
    std::vector<std::string> exec; // -e chunks in order
    bool interactive = false;      // -i
    bool strict = true;
    int threads = 0; // 0: leave OpenMP's default
    std::optional<std::uint64_t> session;
    std::string output_dir;
    bool print_all_ranks = false;
    int script = 0; // argv index of the script (or "-"), 0 if none
};

[[noreturn]] void usage_error(const std::string& msg) {
    std::fprintf(stderr, "%s: %s\n%s", kProgram, msg.c_str(), kUsage);
    std::exit(EXIT_FAILURE);
}

Args parse_args(int argc, char** argv) {
    Args a;
    int i = 1;
    for (; i < argc; ++i) {
        const std::string s = argv[i];
        if (s == "--") {
            ++i;
            break;
        }
        if (s == "-" || s.empty() || s[0] != '-') break;
        if (s == "-e") {
            if (i + 1 >= argc) usage_error("'-e' needs an argument");
            a.exec.emplace_back(argv[++i]);
        } else if (s.rfind("-e", 0) == 0) {
            a.exec.emplace_back(s.substr(2));
        } else if (s == "-i") {
            a.interactive = true;
        } else if (s == "-v" || s == "--version") {
            std::printf("chaoslab %s (%s)\n", CHAOSLAB_VERSION, LUA_RELEASE);
            std::exit(EXIT_SUCCESS);
        } else if (s == "-h" || s == "--help") {
            std::fputs(kUsage, stdout);
            std::exit(EXIT_SUCCESS);
        } else if (s == "--no-strict") {
            a.strict = false;
        } else if (s == "--print-all-ranks") {
            a.print_all_ranks = true;
        } else if (s == "--session" || s.rfind("--session=", 0) == 0) {
            std::string value = s == "--session" ? (i + 1 < argc ? argv[++i] : "") : s.substr(10);
            char* end = nullptr;
            const unsigned long long n = std::strtoull(value.c_str(), &end, 10);
            if (value.empty() || *end != '\0' || value[0] == '-')
                usage_error("'--session' must be a non-negative integer, got '" + value + "'");
            a.session = n;
        } else if (s == "--output-dir" || s.rfind("--output-dir=", 0) == 0) {
            std::string value = s == "--output-dir" ? (i + 1 < argc ? argv[++i] : "") : s.substr(13);
            if (value.empty()) usage_error("'--output-dir' needs a folder");
            a.output_dir = value;
        } else if (s == "--threads" || s.rfind("--threads=", 0) == 0) {
            std::string value;
            if (s == "--threads") {
                if (i + 1 >= argc) usage_error("'--threads' needs a number");
                value = argv[++i];
            } else {
                value = s.substr(10);
            }
            char* end = nullptr;
            const long n = std::strtol(value.c_str(), &end, 10);
            if (value.empty() || *end != '\0' || n < 1 || n > 1024)
                usage_error("'--threads' must be an integer from 1 to 1024, got '" + value + "'");
            a.threads = static_cast<int>(n);
        } else {
            usage_error("unrecognized option '" + s + "'");
        }
    }
    if (i < argc) a.script = i;
    return a;
}

// arg[0] = script, arg[1..] = its arguments, negative indices = the interpreter and options.
void create_arg_table(lua_State* L, int argc, char** argv, int script) {
    const int base = script ? script : argc;
    lua_createtable(L, argc - base, base + 1);
    for (int i = 0; i < argc; ++i) {
        lua_pushstring(L, argv[i]);
        lua_rawseti(L, -2, i - (script ? script : 0));
    }
    lua_setglobal(L, "arg");
}

int push_script_args(lua_State* L, int argc, char** argv, int script) {
    const int n = argc - script - 1;
    luaL_checkstack(L, n + 3, "too many arguments to script");
    for (int i = script + 1; i < argc; ++i) lua_pushstring(L, argv[i]);
    return n;
}

// Provenance for sweep files (the script's text, the command line) and the batch overrides.
void publish_run_info(const Args& a, int argc, char** argv) {
    chaoslab::lua::RunInfo info;
    for (int i = 0; i < argc; ++i) {
        if (i) info.command_line += ' ';
        info.command_line += argv[i];
    }
    if (a.script && std::strcmp(argv[a.script], "-") != 0) {
        info.script_path = argv[a.script];
        std::ifstream in(argv[a.script], std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        info.script_text = text.str();
    } else if (a.script) {
        info.script_text = "(standard input)";
    }
    for (const std::string& code : a.exec) {
        if (!info.script_text.empty()) info.script_text += '\n';
        info.script_text += code;
    }
    info.session = a.session;
    info.output_dir = a.output_dir;
    chaoslab::lua::set_run_info(std::move(info));
}

// On ranks other than 0, print() is silent (or prefixed by the rank with --print-all-ranks), so a
// script's output appears once however many ranks run it.
void quiet_other_ranks(lua_State* L, bool show) {
    if (world_rank() == 0) return;
    const char* code = show ? "local print, prefix = print, '[rank ' .. chaoslab.rank() .. ']'\n"
                              "_G.print = function(...) return print(prefix, ...) end"
                            : "_G.print = function() end";
    if (luaL_loadstring(L, code) == LUA_OK) lua_call(L, 0, 0);
}

void enable_strict(lua_State* L) {
    lua_getglobal(L, "require");
    lua_pushliteral(L, "chaoslab.strict");
    lua_call(L, 1, 1);
    lua_getfield(L, -1, "enable");
    lua_call(L, 0, 0);
    lua_pop(L, 1);
}

// Everything after the state exists runs under lua_pcall, so no Lua error escapes main().
int pmain(lua_State* L) {
    const int argc = static_cast<int>(lua_tointeger(L, 1));
    char** argv = static_cast<char**>(lua_touserdata(L, 2));
    const Args args = parse_args(argc, argv);
    if (args.threads) set_thread_count(args.threads);

    luaL_openlibs(L);
    chaoslab::lua::set_stdlib_dir(find_stdlib(argv[0]));
    luaL_requiref(L, "chaoslab", chaoslab::lua::open, 1); // global `chaoslab`, and require "chaoslab"
    lua_pop(L, 1);
    create_arg_table(L, argc, argv, args.script);
    publish_run_info(args, argc, argv);
    quiet_other_ranks(L, args.print_all_ranks);
    const bool stdin_tty = isatty(STDIN_FILENO);
    const bool run_stdin = (args.script && std::strcmp(argv[args.script], "-") == 0) ||
                           (!args.script && args.exec.empty() && !args.interactive && !stdin_tty);
    if (args.strict && (args.script || !args.exec.empty() || run_stdin)) enable_strict(L);

    for (const std::string& code : args.exec) {
        int status = luaL_loadbuffer(L, code.data(), code.size(), "=(command line)");
        if (status == LUA_OK) status = docall(L, 0, 0);
        if (report(L, status) != LUA_OK) return 0;
    }
    if (args.script || run_stdin) {
        const char* name = run_stdin ? nullptr : argv[args.script];
        int status = luaL_loadfile(L, name);
        if (status == LUA_OK) {
            const int n = args.script ? push_script_args(L, argc, argv, args.script) : 0;
            status = docall(L, n, 0);
        }
        if (report(L, status) != LUA_OK) return 0;
    }
    if (args.interactive || (!args.script && args.exec.empty() && !run_stdin)) {
        if (world_size() > 1) {
            if (world_rank() == 0)
                std::fprintf(stderr, "%s: the REPL runs in one process; under mpirun give a script\n", kProgram);
            return 0;
        }
        disable_strict(L);
        if (run_repl(L) != EXIT_SUCCESS) return 0;
    }
    lua_pushboolean(L, 1);
    return 1;
}

} // namespace

int docall(lua_State* L, int narg, int nres) {
    const int base = lua_gettop(L) - narg;
    lua_pushcfunction(L, message_handler);
    lua_insert(L, base);
    clear_interrupt();
    g_state = L;
    std::signal(SIGINT, on_sigint);
    const int status = lua_pcall(L, narg, nres, base);
    std::signal(SIGINT, SIG_DFL);
    lua_sethook(L, nullptr, 0, 0);
    clear_interrupt();
    lua_remove(L, base);
    return status;
}

int report(lua_State* L, int status) {
    if (status != LUA_OK) {
        const char* msg = lua_tostring(L, -1);
        const std::string text = msg ? msg : "(error object is not a string)";
        // An error every rank raised together is reported once, by rank 0.
        const std::string& shared = chaoslab::lua::last_shared_error();
        if (world_rank() == 0) {
            std::fprintf(stderr, "%s: %s\n", kProgram, text.c_str());
        } else if (shared.empty() || text.find(shared) == std::string::npos) {
            std::fprintf(stderr, "%s [rank %d]: %s\n", kProgram, world_rank(), text.c_str());
        }
        std::fflush(stderr);
        lua_pop(L, 1);
    }
    return status;
}

void disable_strict(lua_State* L) {
    lua_pushglobaltable(L);
    lua_pushnil(L);
    lua_setmetatable(L, -2);
    lua_pop(L, 1);
}

} // namespace chaoslab::host

int main(int argc, char** argv) {
    chaoslab::init_world(argc, argv); // MPI only when started by mpirun (or srun)
    lua_State* L = luaL_newstate();
    if (!L) {
        std::fprintf(stderr, "chaoslab: cannot create the Lua state: not enough memory\n");
        return EXIT_FAILURE;
    }
    lua_pushcfunction(L, chaoslab::host::pmain);
    lua_pushinteger(L, argc);
    lua_pushlightuserdata(L, argv);
    const int status = lua_pcall(L, 2, 1, 0);
    const bool ok = status == LUA_OK && lua_toboolean(L, -1);
    chaoslab::host::report(L, status);
    lua_close(L);
    // A rank that failed alone may leave the others waiting for it: end them (not needed when
    // every rank raised the same shared error).
    const bool shared = !chaoslab::lua::last_shared_error().empty();
    chaoslab::finalize_world(!ok && !shared);
    return ok && !chaoslab::lua::sweep_failures_seen() ? EXIT_SUCCESS : EXIT_FAILURE;
}
