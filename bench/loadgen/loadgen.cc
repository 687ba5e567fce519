// loadgen: the HTTP load generator of `make bench` (bench/run.sh drives it).
//
// One thread, one io_context, keep-alive HTTP/1.1 connections on loopback. Two modes:
//   closed  N connections, each sends its next request as soon as the previous answer arrived
//           (maximum throughput; latency from the real send time).
//   open    requests are scheduled at a fixed rate: request i is *intended* at t0 + i/rate, and its
//           latency is measured from that intended time, so a slow answer that delays the requests
//           behind it is charged to them too (no coordinated omission, as wrk2/HdrHistogram do).
//
// Commands (each prints one JSON object on stdout):
//   loadgen run     --target http://H:P --scenario get|emulator|create|flow --mode closed|open
//                   [--conns N] [--rate R] [--duration S] [--warmup S] [--api-key K]
//                   [--tokens FILE] [--path /p] [--processor-key K] [--pid PID] [--dist FILE]
//                   [--label L] [--shed-ok 1]
//           --shed-ok 1: a 503 ServiceOverloaded answer is counted as shed (admission control
//           turning the request away, with its own latency series), not as a failure
//   loadgen tokens  --target URL --api-key K --count N --out FILE [--conns N]
//   loadgen hold    --target URL --conns N --hold S --pid PID
//   loadgen startup --timeout S -- command args... ("{PORT}" in an argument becomes a free port)
//   loadgen freeport  (prints a free loopback TCP port)
//   loadgen fsync --dir DIR [--count N]  (latency of a 4 KiB append + fdatasync in DIR)
//
// Every loop is bounded by a deadline or a count. Only loopback addresses are meant (no TLS).
#include <dirent.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <boost/asio.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace json = boost::json;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using asio::awaitable;

namespace {

constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);

// ---------------------------------------------------------------------------------------------
// Command line

struct Args {
  std::map<std::string, std::string> values;
  std::vector<std::string> rest;  // after "--"

  std::string get(const std::string& k, const std::string& def = "") const {
    auto it = values.find(k);
    return it == values.end() ? def : it->second;
  }
  double num(const std::string& k, double def) const {
    auto it = values.find(k);
    return it == values.end() ? def : std::atof(it->second.c_str());
  }
};

Args parseArgs(int argc, char** argv, int from) {
  Args a;
  for (int i = from; i < argc; ++i) {
    std::string s = argv[i];
    if (s == "--") {
      for (++i; i < argc; ++i) a.rest.emplace_back(argv[i]);
      break;
    }
    if (s.rfind("--", 0) == 0 && i + 1 < argc) {
      a.values[s.substr(2)] = argv[++i];
    } else {
      std::fprintf(stderr, "loadgen: unexpected argument %s\n", s.c_str());
      std::exit(2);
    }
  }
  return a;
}

struct Endpoint {
  std::string host = "127.0.0.1";
  unsigned short port = 0;
  std::string hostHeader;
};

Endpoint parseTarget(const std::string& url) {
  std::string s = url;
  if (s.rfind("http://", 0) == 0) s = s.substr(7);
  auto slash = s.find('/');
  if (slash != std::string::npos) s = s.substr(0, slash);
  auto colon = s.rfind(':');
  Endpoint e;
  if (colon == std::string::npos) {
    e.host = s;
    e.port = 80;
  } else {
    e.host = s.substr(0, colon);
    e.port = static_cast<unsigned short>(std::atoi(s.c_str() + colon + 1));
  }
  e.hostHeader = s;
  return e;
}

// ---------------------------------------------------------------------------------------------
// /proc sampling: the server's CPU time (user + system) and resident memory

struct ProcSample {
  double cpuSeconds = 0;
  long rssKb = 0;
  long hwmKb = 0;
  long contextSwitches = 0;  // voluntary + involuntary, summed over the process's threads
  bool ok = false;
};

ProcSample sampleProc(int pid) {
  ProcSample s;
  if (pid <= 0) return s;
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  auto close = text.rfind(')');  // the command name may hold spaces
  if (close == std::string::npos) return s;
  std::istringstream rest(text.substr(close + 2));
  std::vector<std::string> f;
  std::string tok;
  while (rest >> tok) f.push_back(tok);
  // After ")": field 3 (state) is f[0]; utime is field 14 -> f[11], stime field 15 -> f[12].
  if (f.size() < 13) return s;
  const double tick = static_cast<double>(sysconf(_SC_CLK_TCK));
  s.cpuSeconds = (std::atof(f[11].c_str()) + std::atof(f[12].c_str())) / tick;
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) s.rssKb = std::atol(line.c_str() + 6);
    if (line.rfind("VmHWM:", 0) == 0) s.hwmKb = std::atol(line.c_str() + 6);
  }
  // Every hand-off between threads (a store round trip, a wake-up) is a switch or two.
  const std::string tasks = "/proc/" + std::to_string(pid) + "/task";
  if (DIR* dir = ::opendir(tasks.c_str())) {
    while (dirent* e = ::readdir(dir)) {
      if (e->d_name[0] == '.') continue;
      std::ifstream ts(tasks + "/" + e->d_name + "/status");
      while (std::getline(ts, line)) {
        if (line.find("ctxt_switches:") != std::string::npos)
          s.contextSwitches += std::atol(line.c_str() + line.find(':') + 1);
      }
    }
    ::closedir(dir);
  }
  s.ok = true;
  return s;
}

// ---------------------------------------------------------------------------------------------
// Latency recording

struct Series {
  std::vector<double> us;  // latencies in microseconds
  void add(Clock::duration d) {
    us.push_back(std::chrono::duration<double, std::micro>(d).count());
  }
};

double percentile(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return 0;
  size_t rank = static_cast<size_t>(std::ceil(q * static_cast<double>(sorted.size())));
  if (rank < 1) rank = 1;
  if (rank > sorted.size()) rank = sorted.size();
  return sorted[rank - 1];
}

json::object summarize(Series& s) {
  std::sort(s.us.begin(), s.us.end());
  json::object o;
  auto ms = [](double us) { return std::round(us) / 1000.0; };
  o["count"] = s.us.size();
  o["p50_ms"] = ms(percentile(s.us, 0.50));
  o["p90_ms"] = ms(percentile(s.us, 0.90));
  o["p99_ms"] = ms(percentile(s.us, 0.99));
  o["p999_ms"] = ms(percentile(s.us, 0.999));
  o["max_ms"] = ms(s.us.empty() ? 0 : s.us.back());
  double sum = 0;
  for (double v : s.us) sum += v;
  o["mean_ms"] = ms(s.us.empty() ? 0 : sum / static_cast<double>(s.us.size()));
  return o;
}

// Percentile spectrum for gnuplot: "percentile latency_ms 1/(1-q)" (HdrHistogram's plot).
void writeDistribution(const std::string& path, Series& s) {
  if (path.empty() || s.us.empty()) return;
  std::sort(s.us.begin(), s.us.end());
  std::ofstream out(path);
  out << "# percentile latency_ms inverse_tail\n";
  const double n = static_cast<double>(s.us.size());
  for (int step = 0; step <= 400; ++step) {
    // 1/(1-q) from 1 to 10^(step/80): five decades, dense in the tail.
    double inv = std::pow(10.0, step / 80.0);
    double q = 1.0 - 1.0 / inv;
    if (q * n > n - 1 && step > 0) break;
    out << q * 100 << " " << percentile(s.us, q) / 1000.0 << " " << inv << "\n";
  }
  out << 100.0 << " " << s.us.back() / 1000.0 << " " << n << "\n";
}

// ---------------------------------------------------------------------------------------------
// One keep-alive client connection

struct Reply {
  unsigned status = 0;
  std::string body;
};

class Conn {
 public:
  Conn(asio::any_io_executor ex, const Endpoint& ep) : socket_(ex), ep_(ep) {}

  bool shed = false;  // the last iteration on this connection was turned away (--shed-ok)

  awaitable<bool> connect() {
    beast::error_code ignored;
    socket_.close(ignored);
    buffer_.clear();
    tcp::endpoint target(asio::ip::make_address(ep_.host), ep_.port);
    auto [ec] = co_await socket_.async_connect(target, kNoThrow);
    if (ec) co_return false;
    socket_.set_option(tcp::no_delay(true), ignored);
    co_return true;
  }

  // Sends a complete raw request and reads the answer. False on any transport error (the
  // connection is then closed; the caller reconnects).
  awaitable<bool> exchange(const std::string& raw, Reply& reply) {
    if (!socket_.is_open()) {
      bool up = co_await connect();
      if (!up) co_return false;
    }
    const auto buf = asio::buffer(raw);
    auto [wec, written] = co_await asio::async_write(socket_, buf, kNoThrow);
    if (wec) {
      fail();
      co_return false;
    }
    parser_.emplace();
    parser_->body_limit(16 * 1024 * 1024);
    auto [rec, read] = co_await bhttp::async_read(socket_, buffer_, *parser_, kNoThrow);
    if (rec) {
      fail();
      co_return false;
    }
    auto& msg = parser_->get();
    reply.status = msg.result_int();
    reply.body = std::move(msg.body());
    if (!msg.keep_alive()) fail();
    co_return true;
  }

  void close() { fail(); }

 private:
  void fail() {
    beast::error_code ignored;
    socket_.close(ignored);
    buffer_.clear();
  }
  tcp::socket socket_;
  Endpoint ep_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::response_parser<bhttp::string_body>> parser_;
};

std::string request(std::string_view method, std::string_view path, const Endpoint& ep,
                    const std::vector<std::pair<std::string, std::string>>& headers,
                    std::string_view body, bool withBody) {
  std::string r;
  r.reserve(256 + body.size());
  r.append(method).append(" ").append(path).append(" HTTP/1.1\r\nHost: ").append(ep.hostHeader);
  r.append("\r\nUser-Agent: loadgen\r\n");
  for (const auto& [k, v] : headers) r.append(k).append(": ").append(v).append("\r\n");
  if (withBody) {
    r.append("Content-Type: application/json\r\nContent-Length: ")
        .append(std::to_string(body.size()))
        .append("\r\n\r\n")
        .append(body);
  } else {
    r.append("\r\n");
  }
  return r;
}

// The string value of the first "key":"..." in a JSON text (ids, tokens: no escapes in them).
std::string field(const std::string& body, std::string_view key) {
  std::string needle = "\"" + std::string(key) + "\":\"";
  auto at = body.find(needle);
  if (at == std::string::npos) return "";
  at += needle.size();
  auto end = body.find('"', at);
  return end == std::string::npos ? "" : body.substr(at, end - at);
}

bool contains(const std::string& body, std::string_view s) {
  return body.find(s) != std::string::npos;
}

// ---------------------------------------------------------------------------------------------
// Scenarios: one iteration is one request (get, emulator, create) or one whole merchant flow.

constexpr std::string_view kCard =
    R"({"paymentInstrument":{"number":"4111111111111111","expirationMonth":"12",)"
    R"("expirationYear":"2030","cvv":"123","cardholderName":"Ann Lee"}})";

struct Run {
  Endpoint ep;
  std::string scenario;
  std::string path = "/";
  std::string apiKey;
  std::string processorKey = "sk_sandbox_demo";
  std::string runId;
  std::vector<std::string> tokens;
  size_t nextToken = 0;
  uint64_t seq = 0;  // unique suffix for idempotency keys and order ids

  Clock::time_point measureFrom, measureTo;
  bool stopped = false;
  std::string stopReason;
  uint64_t completedInWindow = 0;  // iterations that finished inside [measureFrom, measureTo]
  uint64_t ok = 0, failed = 0, transportErrors = 0;
  bool shedOk = false;  // --shed-ok
  uint64_t shed = 0;
  std::map<std::string, uint64_t> failures;  // "step status" -> count
  std::map<std::string, std::string> failureSamples;  // "step status" -> first answer's body
  std::map<std::string, Series> series;       // "total" and, for the flow, one per step
  std::vector<std::string> stepOrder;
};

void noteFailure(Run& run, std::string_view step, unsigned status) {
  run.failures[std::string(step) + " " + std::to_string(status)]++;
}

struct Step {
  Run& run;
  Conn& conn;
  bool measured;
  Reply reply;

  // Sends one request, records its latency under `name`; false (and counted) unless the answer
  // has status `want` and, when given, contains `mustContain`.
  // `name` is a string_view by value: callers pass literals straight into co_await expressions
  // (see "Coroutines" in docs/architecture.md).
  awaitable<bool> send(std::string_view name, const std::string& raw, unsigned want,
                       std::string_view mustContain) {
    auto sent = Clock::now();
    bool up = co_await conn.exchange(raw, reply);
    if (!up) {
      run.transportErrors++;
      noteFailure(run, name, 0);
      co_return false;
    }
    if (measured && run.scenario == "flow") {
      const std::string key(name);
      if (!run.series.count(key)) run.stepOrder.push_back(key);
      run.series[key].add(Clock::now() - sent);
    }
    if (run.shedOk && reply.status == 503 && contains(reply.body, "ServiceOverloaded")) {
      conn.shed = true;
      co_return false;
    }
    if (reply.status != want || (!mustContain.empty() && !contains(reply.body, mustContain))) {
      noteFailure(run, name, reply.status);
      auto& sample = run.failureSamples[std::string(name) + " " + std::to_string(reply.status)];
      if (sample.empty()) sample = reply.body.substr(0, 600);
      co_return false;
    }
    co_return true;
  }
};

using Headers = std::vector<std::pair<std::string, std::string>>;

awaitable<bool> iteration(Run& run, Conn& conn, bool measured) {
  Step step{run, conn, measured, {}};
  const uint64_t n = run.seq++;
  const std::string suffix = run.runId + "-" + std::to_string(n);
  if (run.scenario == "get") {
    const std::string raw = request("GET", run.path, run.ep, {}, "", false);
    co_return co_await step.send("get", raw, 200, "");
  }
  if (run.scenario == "emulator") {
    // The request the TEST_PROCESSOR connector sends for an authorization (same headers, body).
    const Headers h{{"Authorization", "Bearer " + run.processorKey},
                    {"Accept", "application/json"},
                    {"Idempotency-Key", "att_bench_" + suffix}};
    const std::string body =
        R"({"amount":4200,"currency":"EUR","capture":false,"reference":"order-)" + suffix +
        R"(","card":{"number":"4111111111111111","expiry_month":12,"expiry_year":2030,)"
        R"("cvc":"123","holder_name":"Ann Lee"}})";
    const std::string raw = request("POST", "/v1/payments", run.ep, h, body, true);
    co_return co_await step.send("authorize", raw, 201, R"("status":"authorized")");
  }
  const Headers auth{{"X-Api-Key", run.apiKey}, {"X-Api-Version", "2.4"}};
  auto withKey = [&](const std::string& key) {
    Headers h = auth;
    h.emplace_back("X-Idempotency-Key", key);
    return h;
  };
  if (run.scenario == "create") {
    if (run.nextToken >= run.tokens.size()) {
      run.stopped = true;
      run.stopReason = "token pool exhausted";
      co_return false;
    }
    const std::string& token = run.tokens[run.nextToken++];
    const Headers h = withKey("pay-" + suffix);
    const std::string body = R"({"paymentMethodToken":")" + token + R"("})";
    const std::string raw = request("POST", "/payments", run.ep, h, body, true);
    co_return co_await step.send("create+authorize", raw, 200, R"("status":"AUTHORIZED")");
  }
  // The full merchant flow of the README.
  const std::string sessionBody = R"({"orderId":"order-)" + suffix +
                                  R"(","currencyCode":"EUR","amount":4200,"customerId":"cust-1"})";
  const std::string rawSession = request("POST", "/client-session", run.ep, auth, sessionBody, true);
  if (!co_await step.send("client-session", rawSession, 200, "")) co_return false;
  const std::string clientToken = field(step.reply.body, "clientToken");
  const Headers bearer{{"Authorization", "Bearer " + clientToken}};
  const std::string rawTokenize = request("POST", "/checkout/tokenize", run.ep, bearer, kCard, true);
  if (!co_await step.send("tokenize", rawTokenize, 200, "")) co_return false;
  const std::string token = field(step.reply.body, "token");
  const Headers payHeaders = withKey("pay-" + suffix);
  const std::string payBody = R"({"paymentMethodToken":")" + token + R"("})";
  const std::string rawPay = request("POST", "/payments", run.ep, payHeaders, payBody, true);
  if (!co_await step.send("create+authorize", rawPay, 200, R"("status":"AUTHORIZED")"))
    co_return false;
  const std::string id = field(step.reply.body, "id");
  const std::string paymentPath = "/payments/" + id;
  const Headers captureHeaders = withKey("cap-" + suffix);
  const std::string rawCapture =
      request("POST", paymentPath + "/capture", run.ep, captureHeaders, "{}", true);
  if (!co_await step.send("capture", rawCapture, 200, R"("status":"SETTLED")")) co_return false;
  const Headers refundHeaders = withKey("ref-" + suffix);
  const std::string rawRefund = request("POST", paymentPath + "/refund", run.ep, refundHeaders,
                                        R"({"amount":500,"reason":"bench"})", true);
  if (!co_await step.send("refund", rawRefund, 200, "")) co_return false;
  const std::string rawGet = request("GET", paymentPath, run.ep, auth, "", false);
  co_return co_await step.send("get", rawGet, 200, R"("amountRefunded":500)");
}

// Counts one finished iteration; `intended` is when it was due (open) or sent (closed).
void finish(Run& run, bool good, Clock::time_point intended, bool shed) {
  auto now = Clock::now();
  const bool measured = intended >= run.measureFrom && intended < run.measureTo;
  if (shed) {
    run.shed++;
    if (measured) run.series["shed"].add(now - intended);
    return;
  }
  if (good) {
    run.ok++;
    if (measured) run.series["total"].add(now - intended);
  } else {
    run.failed++;
  }
  if (good && now >= run.measureFrom && now <= run.measureTo) run.completedInWindow++;
  // Bounded: a server that fails everything ends the run early instead of spinning.
  if (run.failed > 1000 && run.failed > run.ok) {
    run.stopped = true;
    run.stopReason = "too many failures";
  }
}

awaitable<void> closedWorker(Run& run, Clock::time_point end) {
  auto ex = co_await asio::this_coro::executor;
  Conn conn(ex, run.ep);
  while (!run.stopped && Clock::now() < end) {
    auto start = Clock::now();
    bool measured = start >= run.measureFrom && start < run.measureTo;
    conn.shed = false;
    bool good = co_await iteration(run, conn, measured);
    if (run.stopped && !good) break;
    finish(run, good, start, conn.shed);
  }
  conn.close();
}

struct Schedule {
  Clock::time_point t0;
  Clock::duration interval;
  uint64_t next = 0;
  uint64_t missed = 0;  // intended sends abandoned because the run overran its grace period
};

awaitable<void> openWorker(Run& run, Schedule& sched, Clock::time_point end,
                           Clock::time_point hardEnd) {
  auto ex = co_await asio::this_coro::executor;
  Conn conn(ex, run.ep);
  asio::steady_timer timer(ex);
  while (!run.stopped) {
    uint64_t i = sched.next++;
    auto intended = sched.t0 + sched.interval * static_cast<int64_t>(i);
    if (intended >= end) break;
    if (Clock::now() >= hardEnd) {
      sched.missed++;
      continue;
    }
    if (intended > Clock::now()) {
      timer.expires_at(intended);
      co_await timer.async_wait(kNoThrow);
    }
    bool measured = intended >= run.measureFrom && intended < run.measureTo;
    conn.shed = false;
    bool good = co_await iteration(run, conn, measured);
    if (run.stopped && !good) break;
    finish(run, good, intended, conn.shed);
  }
  conn.close();
}

std::string randomRunId() {
  auto t = std::chrono::system_clock::now().time_since_epoch().count();
  char buf[32];
  std::snprintf(buf, sizeof buf, "%llx-%d", static_cast<unsigned long long>(t), getpid());
  return buf;
}

std::vector<std::string> readLines(const std::string& path) {
  std::vector<std::string> lines;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line))
    if (!line.empty()) lines.push_back(line);
  return lines;
}

int cmdRun(const Args& a) {
  Run run;
  run.ep = parseTarget(a.get("target"));
  run.scenario = a.get("scenario", "get");
  run.path = a.get("path", "/");
  run.apiKey = a.get("api-key");
  run.processorKey = a.get("processor-key", run.processorKey);
  run.shedOk = a.get("shed-ok") == "1";
  run.runId = randomRunId();
  if (!a.get("tokens").empty()) run.tokens = readLines(a.get("tokens"));
  const std::string mode = a.get("mode", "closed");
  const int conns = static_cast<int>(a.num("conns", mode == "open" ? 64 : 16));
  const double rate = a.num("rate", 1000);
  const double duration = a.num("duration", 5);
  const double warmup = a.num("warmup", 1);
  const int pid = static_cast<int>(a.num("pid", 0));

  asio::io_context ioc(1);
  auto secs = [](double s) {
    return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s));
  };
  const auto start = Clock::now() + std::chrono::milliseconds(50);  // connections first
  run.measureFrom = start + secs(warmup);
  run.measureTo = run.measureFrom + secs(duration);
  const auto end = run.measureTo;
  Schedule sched{start, secs(1.0 / rate)};

  ProcSample before, after;
  asio::steady_timer sampleStart(ioc, run.measureFrom), sampleEnd(ioc, run.measureTo);
  sampleStart.async_wait([&](beast::error_code) { before = sampleProc(pid); });
  sampleEnd.async_wait([&](beast::error_code) { after = sampleProc(pid); });

  for (int i = 0; i < conns; ++i) {
    if (mode == "open") {
      asio::co_spawn(ioc, openWorker(run, sched, end, end + std::chrono::seconds(5)),
                     asio::detached);
    } else {
      asio::co_spawn(ioc, closedWorker(run, end), asio::detached);
    }
  }
  ioc.run();
  if (run.stopped && !after.ok) after = sampleProc(pid);

  const double window =
      std::chrono::duration<double>(std::min(Clock::now(), run.measureTo) - run.measureFrom)
          .count();
  json::object out;
  out["label"] = a.get("label", run.scenario + "-" + mode);
  out["scenario"] = run.scenario;
  out["mode"] = mode;
  out["connections"] = conns;
  if (mode == "open") out["target_rate"] = rate;
  out["duration_s"] = duration;
  out["warmup_s"] = warmup;
  out["ok"] = run.ok;
  out["failed"] = run.failed;
  out["transport_errors"] = run.transportErrors;
  if (mode == "open") out["missed"] = sched.missed;
  if (run.stopped) out["stopped"] = run.stopReason;
  out["throughput_per_s"] =
      window > 0 ? std::round(static_cast<double>(run.completedInWindow) / window * 10) / 10 : 0;
  out["latency"] = summarize(run.series["total"]);
  if (run.shedOk) {
    out["shed"] = run.shed;
    out["latency_shed"] = summarize(run.series["shed"]);
  }
  if (run.scenario == "flow") {
    json::object steps;
    for (const auto& name : run.stepOrder) steps[name] = summarize(run.series[name]);
    out["steps"] = std::move(steps);
  }
  json::object fails;
  for (const auto& [k, v] : run.failures) fails[k] = v;
  out["failures"] = std::move(fails);
  if (!run.failureSamples.empty()) {
    json::object samples;
    for (const auto& [k, v] : run.failureSamples) samples[k] = v;
    out["failure_samples"] = std::move(samples);
  }
  if (before.ok && after.ok) {
    double cpu = after.cpuSeconds - before.cpuSeconds;
    out["server_cpu_s"] = cpu;
    out["server_cpu_ms_per_iteration"] =
        run.completedInWindow ? std::round(cpu * 1e6 / run.completedInWindow) / 1000.0 : 0;
    out["server_cpu_utilization"] = window > 0 ? std::round(cpu / window * 1000) / 1000 : 0;
    out["server_context_switches_per_iteration"] =
        run.completedInWindow ? std::round(static_cast<double>(after.contextSwitches -
                                                               before.contextSwitches) /
                                           run.completedInWindow * 10) / 10
                              : 0;
    out["server_rss_kb"] = after.rssKb;
    out["server_hwm_kb"] = after.hwmKb;
  }
  writeDistribution(a.get("dist"), run.series["total"]);
  std::cout << json::serialize(out) << std::endl;
  return run.ok > 0 ? 0 : 1;
}

// ---------------------------------------------------------------------------------------------
// tokens: pre-creates SINGLE_USE card tokens (one client session per 10 tokens)

awaitable<void> tokenWorker(const Endpoint& ep, std::string apiKey, size_t want,
                            std::vector<std::string>& out, int& failures, std::string runId) {
  auto ex = co_await asio::this_coro::executor;
  Conn conn(ex, ep);
  const Headers auth{{"X-Api-Key", apiKey}, {"X-Api-Version", "2.4"}};
  Reply reply;
  uint64_t n = 0;
  while (out.size() < want && failures < 100) {
    const std::string body = R"({"orderId":"order-)" + runId + "-" + std::to_string(n++) +
                             R"(","currencyCode":"EUR","amount":4200,"customerId":"cust-1"})";
    const std::string raw = request("POST", "/client-session", ep, auth, body, true);
    bool up = co_await conn.exchange(raw, reply);
    if (!up || reply.status != 200) {
      failures++;
      continue;
    }
    const Headers bearer{{"Authorization", "Bearer " + field(reply.body, "clientToken")}};
    const std::string rawTokenize = request("POST", "/checkout/tokenize", ep, bearer, kCard, true);
    for (int i = 0; i < 10 && out.size() < want; ++i) {
      up = co_await conn.exchange(rawTokenize, reply);
      if (!up || reply.status != 200) {
        failures++;
        break;
      }
      out.push_back(field(reply.body, "token"));
    }
  }
  conn.close();
}

int cmdTokens(const Args& a) {
  Endpoint ep = parseTarget(a.get("target"));
  size_t count = static_cast<size_t>(a.num("count", 1000));
  int conns = static_cast<int>(a.num("conns", 8));
  std::vector<std::string> tokens;
  tokens.reserve(count);
  int failures = 0;
  asio::io_context ioc(1);
  auto t0 = Clock::now();
  for (int i = 0; i < conns; ++i)
    asio::co_spawn(ioc,
                   tokenWorker(ep, a.get("api-key"), count, tokens, failures,
                               randomRunId() + "-" + std::to_string(i)),
                   asio::detached);
  ioc.run();
  double secs = std::chrono::duration<double>(Clock::now() - t0).count();
  if (tokens.size() > count) tokens.resize(count);  // workers finish their last session's batch
  std::ofstream out(a.get("out"));
  for (const auto& t : tokens) out << t << "\n";
  json::object o;
  o["tokens"] = tokens.size();
  o["failures"] = failures;
  o["seconds"] = std::round(secs * 100) / 100;
  std::cout << json::serialize(o) << std::endl;
  return tokens.size() == count ? 0 : 1;
}

// ---------------------------------------------------------------------------------------------
// hold: N idle keep-alive connections, each having served one request, then the server's RSS

awaitable<void> holdOne(const Endpoint& ep, std::vector<std::unique_ptr<Conn>>& conns,
                        int& good) {
  auto ex = co_await asio::this_coro::executor;
  auto conn = std::make_unique<Conn>(ex, ep);
  const std::string raw = request("GET", "/healthz", ep, {}, "", false);
  Reply reply;
  bool up = co_await conn->exchange(raw, reply);
  if (up && reply.status == 200) good++;
  conns.push_back(std::move(conn));
}

int cmdHold(const Args& a) {
  Endpoint ep = parseTarget(a.get("target"));
  int n = static_cast<int>(a.num("conns", 1000));
  double hold = a.num("hold", 2);
  int pid = static_cast<int>(a.num("pid", 0));
  ProcSample before = sampleProc(pid);
  asio::io_context ioc(1);
  std::vector<std::unique_ptr<Conn>> conns;
  int good = 0;
  // In waves of 100 so the listen backlog never overflows.
  for (int wave = 0; wave < n; wave += 100) {
    for (int i = wave; i < std::min(n, wave + 100); ++i)
      asio::co_spawn(ioc, holdOne(ep, conns, good), asio::detached);
    ioc.restart();
    ioc.run();
  }
  usleep(static_cast<useconds_t>(hold * 1e6));
  ProcSample during = sampleProc(pid);
  // Still open? One more request on every tenth connection.
  int alive = 0;
  for (size_t i = 0; i < conns.size(); i += 10) {
    asio::co_spawn(
        ioc,
        [&, i]() -> awaitable<void> {
          const std::string raw = request("GET", "/healthz", ep, {}, "", false);
          Reply reply;
          bool up = co_await conns[i]->exchange(raw, reply);
          if (up && reply.status == 200) alive++;
        },
        asio::detached);
  }
  ioc.restart();
  ioc.run();
  for (auto& c : conns) c->close();
  json::object o;
  o["connections"] = n;
  o["served"] = good;
  o["alive_checked"] = (conns.size() + 9) / 10;
  o["alive_ok"] = alive;
  o["rss_before_kb"] = before.rssKb;
  o["rss_with_connections_kb"] = during.rssKb;
  o["rss_per_connection_kb"] =
      n ? std::round(static_cast<double>(during.rssKb - before.rssKb) / n * 100) / 100 : 0;
  std::cout << json::serialize(o) << std::endl;
  return good == n ? 0 : 1;
}

// ---------------------------------------------------------------------------------------------
// startup: exec a server and time the first 200 from GET /healthz

unsigned short freePort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

// One blocking GET /healthz; true on a 200.
bool probe(unsigned short port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(port);
  timeval tv{1, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  bool ok = false;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
    const char req[] = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    if (::send(fd, req, sizeof req - 1, MSG_NOSIGNAL) == static_cast<ssize_t>(sizeof req - 1)) {
      char buf[64] = {};
      ssize_t n = ::recv(fd, buf, sizeof buf - 1, 0);
      ok = n > 12 && std::string_view(buf, static_cast<size_t>(n)).substr(9, 3) == "200";
    }
  }
  ::close(fd);
  return ok;
}

int cmdStartup(const Args& a) {
  if (a.rest.empty()) {
    std::fprintf(stderr, "loadgen startup: no command after --\n");
    return 2;
  }
  const double timeout = a.num("timeout", 10);
  unsigned short port = freePort();
  std::vector<std::string> argvText;
  for (std::string s : a.rest) {
    auto at = s.find("{PORT}");
    if (at != std::string::npos) s.replace(at, 6, std::to_string(port));
    argvText.push_back(s);
  }
  std::vector<char*> argv;
  for (auto& s : argvText) argv.push_back(s.data());
  argv.push_back(nullptr);
  const std::string logPath = a.get("log", "/dev/null");

  auto t0 = Clock::now();
  pid_t child = ::fork();
  if (child == 0) {
    int fd = ::open(logPath.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    if (fd >= 0) {
      ::dup2(fd, 1);
      ::dup2(fd, 2);
    }
    ::execv(argv[0], argv.data());
    _exit(127);
  }
  double ms = -1;
  auto deadline = t0 + std::chrono::duration_cast<Clock::duration>(
                           std::chrono::duration<double>(timeout));
  while (Clock::now() < deadline) {
    if (probe(port)) {
      ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
      break;
    }
    int status = 0;
    if (::waitpid(child, &status, WNOHANG) == child) break;  // it died
    usleep(200);
  }
  ::kill(child, SIGTERM);
  int status = 0;
  for (int i = 0; i < 500 && ::waitpid(child, &status, WNOHANG) == 0; ++i) usleep(10000);
  if (::waitpid(child, &status, WNOHANG) == 0) {
    ::kill(child, SIGKILL);
    ::waitpid(child, &status, 0);
  }
  json::object o;
  o["startup_ms"] = ms < 0 ? -1.0 : std::round(ms * 100) / 100;
  std::cout << json::serialize(o) << std::endl;
  return ms < 0 ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------
// fsync: what one durable commit costs this disk (append 4 KiB, fdatasync), the floor of every
// synchronous=FULL commit

int cmdFsync(const Args& a) {
  const std::string path = a.get("dir", "/tmp") + "/loadgen-fsync-probe";
  const int n = static_cast<int>(a.num("count", 100));
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return 1;
  std::string page(4096, 'x');
  Series s;
  for (int i = 0; i < n; ++i) {
    if (::write(fd, page.data(), page.size()) != static_cast<ssize_t>(page.size())) break;
    auto t0 = Clock::now();
    ::fdatasync(fd);
    s.add(Clock::now() - t0);
  }
  ::close(fd);
  ::unlink(path.c_str());
  std::cout << json::serialize(summarize(s)) << std::endl;
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  ::signal(SIGPIPE, SIG_IGN);
  ::prctl(PR_SET_TIMERSLACK, 1UL);  // fire schedule timers on time, not 50 us late
  if (argc < 2) {
    std::fprintf(stderr,
                 "usage: loadgen run|tokens|hold|startup|fsync|freeport [--option value]...\n"
                 "(options: see the comment at the top of bench/loadgen/loadgen.cc)\n");
    return 2;
  }
  std::string cmd = argv[1];
  Args a = parseArgs(argc, argv, 2);
  if (cmd == "run") return cmdRun(a);
  if (cmd == "tokens") return cmdTokens(a);
  if (cmd == "hold") return cmdHold(a);
  if (cmd == "startup") return cmdStartup(a);
  if (cmd == "fsync") return cmdFsync(a);
  if (cmd == "freeport") {
    std::printf("%u\n", freePort());
    return 0;
  }
  std::fprintf(stderr, "loadgen: unknown command %s\n", cmd.c_str());
  return 2;
}
