#include "workflows/workflow_validator.h"

#include <algorithm>
#include <bitset>
#include <map>
#include <optional>
#include <set>

namespace sy::workflows {
namespace {

using Limits = WorkflowLimits;

bool isId(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
  });
}

std::string lowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

bool isEmailAddress(std::string_view s) {
  const size_t at = s.find('@');
  if (s.size() > 254 || at == std::string_view::npos || at == 0 || s.find('@', at + 1) != s.npos)
    return false;
  const std::string_view domain = s.substr(at + 1);
  const size_t dot = domain.find('.');
  if (dot == domain.npos || dot == 0 || domain.back() == '.') return false;
  return std::none_of(s.begin(), s.end(), [](char c) { return c == ' ' || c < 0x21; });
}

const char* valueKindName(ValueKind k) {
  switch (k) {
    case ValueKind::kInteger:
      return "an integer field";
    case ValueKind::kCode:
      return "a field of codes";
    case ValueKind::kText:
      return "a text field";
  }
  return "a field";
}

// What a path through the steps may or must have done so far. "may" is true when some path did it,
// "must" when every path did. Paths that ended with BLOCK take no further part: merging them only
// keeps `mustEnd` when every path ended.
struct PathState {
  bool mayAuthorize = false;
  bool mustAuthorize = false;
  bool mayCapture = false;
  bool mayCancel = false;
  bool mayRefund = false;
  bool mustDecide = false;  // AUTHORIZE or BLOCK ran
  bool mustEnd = false;     // BLOCK ran: nothing after it runs
  int maxBlocks = 0;
  int maxNotifications = 0;
  std::string undecidedAt;  // a route some undecided payments took ("" = top level)
};

PathState merge(const PathState& a, const PathState& b) {
  if (a.mustEnd && !b.mustEnd) return b;
  if (b.mustEnd && !a.mustEnd) return a;
  PathState m;
  m.mayAuthorize = a.mayAuthorize || b.mayAuthorize;
  m.mustAuthorize = a.mustAuthorize && b.mustAuthorize;
  m.mayCapture = a.mayCapture || b.mayCapture;
  m.mayCancel = a.mayCancel || b.mayCancel;
  m.mayRefund = a.mayRefund || b.mayRefund;
  m.mustDecide = a.mustDecide && b.mustDecide;
  m.mustEnd = a.mustEnd && b.mustEnd;
  m.maxBlocks = std::max(a.maxBlocks, b.maxBlocks);
  m.maxNotifications = std::max(a.maxNotifications, b.maxNotifications);
  m.undecidedAt = !a.mustDecide ? a.undecidedAt : b.undecidedAt;
  return m;
}

class Validator {
 public:
  Validator(const WorkflowDocument& doc, std::span<const std::string> connections,
            WorkflowErrors& errors)
      : doc_(doc), connections_(connections), errors_(errors) {}

  void run() {
    const JsonPath root;
    if (doc_.name.empty() || doc_.name.size() > 200)
      fail(root.key("name"), "Value must be between 1 and 200 characters long");
    const JsonPath trigger = root.key("trigger").key("conditions");
    for (size_t i = 0; i < doc_.trigger.conditions.size(); ++i)
      checkCondition(doc_.trigger.conditions[i], trigger.index(i));
    if (doc_.fallbackDeclineClasses) checkDeclineClasses(*doc_.fallbackDeclineClasses);

    const JsonPath steps = root.key("steps");
    if (doc_.steps.empty()) {
      fail(steps, "A workflow needs at least one step");
      return;
    }
    const PathState end = this->steps(doc_.steps, steps, PathState{}, 0);
    if (created() && !end.mustDecide) {
      errors_.push_back(
          {end.undecidedAt.empty() ? steps.str() : end.undecidedAt,
           "Payments taking this path reach the end of the workflow without AUTHORIZE or BLOCK"});
    }
  }

 private:
  void fail(const JsonPath& p, std::string description) {
    addError(errors_, p, std::move(description));
  }

  bool created() const { return doc_.trigger.event == TriggerEvent::kPaymentCreated; }

  bool knownConnection(std::string_view name) const {
    return std::find(connections_.begin(), connections_.end(), name) != connections_.end();
  }

  std::string unknownConnection(std::string_view name) const {
    std::string m = "Unknown connection '" + std::string(name) + "': ";
    if (connections_.empty()) return m + "the merchant has no connections";
    m += "the merchant's connections are ";
    for (size_t i = 0; i < connections_.size() && i < 10; ++i) {
      if (i) m += ", ";
      m += connections_[i];
    }
    if (connections_.size() > 10) m += "...";
    return m;
  }

  void checkDeclineClasses(const std::vector<DeclineClass>& classes) {
    const JsonPath p = JsonPath().key("fallback").key("declineClasses");
    DeclineClassSet seen;
    for (size_t i = 0; i < classes.size(); ++i) {
      if (classes[i] == DeclineClass::kFraudDecline) {
        fail(p.index(i),
             "FRAUD_DECLINE cannot fall back: a lost, stolen or fraudulent card must not be tried "
             "at another processor");
      } else if (seen.contains(classes[i])) {
        fail(p.index(i), "Value listed twice");
      }
      seen.insert(classes[i]);
    }
  }

  // --- Conditions ---

  // Checks one operand; true when it is valid for the field.
  bool checkOperand(const Condition& c, const Operand& v, const JsonPath& p) {
    if (valueKindOf(c.field) == ValueKind::kInteger) {
      const int64_t* i = std::get_if<int64_t>(&v);
      if (!i) {
        fail(p,
             "Value must be an integer: " + std::string(toString(c.field)) + " is in minor units");
        return false;
      }
      if (*i < 0) {
        fail(p, "Value must be at least 0");
        return false;
      }
      return true;
    }
    const std::string* s = std::get_if<std::string>(&v);
    if (!s) {
      fail(p, "Value must be a string");
      return false;
    }
    if (valueKindOf(c.field) == ValueKind::kCode) {
      if (codeOf(c.field, *s)) return true;
      fail(p, "Value must be " + std::string(codeDescription(c.field)));
      return false;
    }
    if (s->empty()) {
      fail(p, "Value must not be empty (to test for a missing value, use IS_EMPTY)");
      return false;
    }
    if (s->size() > Limits::kMaxTextLength) {
      fail(p,
           "Value must be at most " + std::to_string(Limits::kMaxTextLength) + " characters long");
      return false;
    }
    if (c.field == Field::kCustomerEmailDomain && s->find('@') != std::string::npos) {
      fail(p, "Value must be a domain without '@', e.g. example.com");
      return false;
    }
    return true;
  }

  // Checks that the operand members present are exactly those `op` takes.
  void checkOperandMembers(const Condition& c, const JsonPath& p) {
    const OperandShape shape = operandShapeOf(c.op);
    const std::string op(toString(c.op));
    auto member = [&](bool present, bool wanted, std::string_view name) {
      if (present && !wanted) {
        fail(p.key(name),
             "Operator " + op + " does not take `" + std::string(name) + "`" + takesHint(shape));
      } else if (!present && wanted) {
        fail(p.key(name), "Field required for operator " + op);
      }
    };
    member(c.value.has_value(), shape == OperandShape::kSingle, "value");
    member(c.values.has_value(), shape == OperandShape::kList, "values");
    member(c.min.has_value(), shape == OperandShape::kRange, "min");
    member(c.max.has_value(), shape == OperandShape::kRange, "max");
  }

  static std::string takesHint(OperandShape shape) {
    switch (shape) {
      case OperandShape::kNone:
        return ": it has no operand";
      case OperandShape::kSingle:
        return ": it takes `value`";
      case OperandShape::kList:
        return ": it takes `values`";
      case OperandShape::kRange:
        return ": it takes `min` and `max`";
    }
    return {};
  }

  std::string operatorMismatch(const Condition& c) const {
    std::string m = "Operator " + std::string(toString(c.op)) + " does not apply to " +
                    std::string(toString(c.field)) + ", " + valueKindName(valueKindOf(c.field)) +
                    (mayBeEmpty(c.field) || valueKindOf(c.field) != ValueKind::kInteger
                         ? ""
                         : " that is always present") +
                    "; it takes ";
    bool first = true;
    for (int k = 0; k < kOperatorCount; ++k) {
      const auto op = static_cast<Operator>(k);
      if (!supports(c.field, op)) continue;
      if (!first) m += ", ";
      m += toString(op);
      first = false;
    }
    return m;
  }

  // True when the condition is valid (so its canonical form can be compared).
  bool checkCondition(const Condition& c, const JsonPath& p) {
    const size_t before = errors_.size();
    if (c.field == Field::kStatus && created()) {
      fail(p.key("field"),
           "The status field is only available to PAYMENT_STATUS_UPDATED workflows");
    }
    if (c.field == Field::kMetadata) {
      if (c.key.empty()) {
        fail(p.key("key"), "Field required: a metadata condition names the metadata key");
      } else if (c.key.size() > Limits::kMaxTextLength) {
        fail(p.key("key"), "Value must be at most " + std::to_string(Limits::kMaxTextLength) +
                               " characters long");
      }
    } else if (!c.key.empty()) {
      fail(p.key("key"), "Only metadata conditions take a key");
    }
    if (!supports(c.field, c.op)) {
      fail(p.key("operator"), operatorMismatch(c));
      return false;
    }
    checkOperandMembers(c, p);
    switch (operandShapeOf(c.op)) {
      case OperandShape::kNone:
        break;
      case OperandShape::kSingle:
        if (c.value) checkOperand(c, *c.value, p.key("value"));
        break;
      case OperandShape::kList:
        if (c.values) checkList(c, *c.values, p.key("values"));
        break;
      case OperandShape::kRange:
        if (c.min && c.max) {
          const bool ok =
              checkOperand(c, *c.min, p.key("min")) & checkOperand(c, *c.max, p.key("max"));
          if (ok && std::get<int64_t>(*c.min) > std::get<int64_t>(*c.max))
            fail(p.key("min"), "min must be less than or equal to max");
        }
        break;
    }
    return errors_.size() == before;
  }

  void checkList(const Condition& c, const std::vector<Operand>& values, const JsonPath& p) {
    if (values.empty()) {
      fail(p, "Value must list at least one value");
      return;
    }
    if (values.size() > size_t(Limits::kMaxValuesPerCondition)) {
      fail(p,
           "Value must list at most " + std::to_string(Limits::kMaxValuesPerCondition) + " values");
      return;
    }
    std::set<std::string> seen;
    for (size_t i = 0; i < values.size(); ++i) {
      if (!checkOperand(c, values[i], p.index(i))) continue;
      if (!seen.insert(canonicalOperand(c.field, values[i])).second)
        fail(p.index(i), "Value listed twice");
    }
  }

  static std::string canonicalOperand(Field f, const Operand& v) {
    if (const int64_t* i = std::get_if<int64_t>(&v)) return std::to_string(*i);
    const std::string& s = std::get<std::string>(v);
    return f == Field::kCustomerEmailDomain ? lowerAscii(s) : s;
  }

  // A valid condition as text, equal for conditions that test the same thing: EQUALS x is
  // ONE_OF [x], list order and repeats do not matter, e-mail domains ignore case.
  static std::string canonicalCondition(const Condition& c) {
    Operator op = c.op;
    std::vector<std::string> operands;
    auto add = [&](const std::optional<Operand>& v) {
      if (v) operands.push_back(canonicalOperand(c.field, *v));
    };
    if (op == Operator::kEquals) op = Operator::kOneOf;
    if (op == Operator::kNotEquals) op = Operator::kNotOneOf;
    add(c.value);
    if (c.values)
      for (const Operand& v : *c.values) operands.push_back(canonicalOperand(c.field, v));
    if (op == Operator::kOneOf || op == Operator::kNotOneOf) {
      std::sort(operands.begin(), operands.end());
      operands.erase(std::unique(operands.begin(), operands.end()), operands.end());
    }
    add(c.min);
    add(c.max);
    std::string key =
        std::string(toString(c.field)) + '\x1f' + c.key + '\x1f' + std::string(toString(op));
    for (const std::string& o : operands) key += '\x1f' + o;
    return key;
  }

  // The field whose conditions, taken together, no payment can satisfy; nullopt when there is
  // none (as far as these checks see: amount intervals, code sets, emptiness).
  static std::optional<std::string> contradiction(const std::vector<Condition>& conditions) {
    int64_t lo = INT64_MIN, hi = INT64_MAX;
    // Per code field: the codes still allowed, and whether a positive test (EQUALS, ONE_OF)
    // requires one of them (negative tests alone leave the absent value).
    struct Allowed {
      std::bitset<kMaxCode> codes;
      bool required = false;
    };
    std::map<std::string, Allowed> allowed;
    std::map<std::string, std::pair<bool, bool>> emptiness;  // field+key: (IS_EMPTY, needs value)
    for (const Condition& c : conditions) {
      const std::string name = std::string(toString(c.field)) + (c.key.empty() ? "" : "." + c.key);
      auto& [empty, needsValue] = emptiness[name];
      if (c.op == Operator::kIsEmpty) empty = true;
      if (c.op != Operator::kIsEmpty && c.op != Operator::kNotEquals &&
          c.op != Operator::kNotOneOf && c.op != Operator::kNotContains)
        needsValue = true;
      if (empty && needsValue) return name;
      if (valueKindOf(c.field) == ValueKind::kInteger) {
        auto value = [](const std::optional<Operand>& v) { return std::get<int64_t>(*v); };
        switch (c.op) {
          case Operator::kEquals:
            lo = std::max(lo, value(c.value));
            hi = std::min(hi, value(c.value));
            break;
          case Operator::kGreaterThanOrEqual:
            lo = std::max(lo, value(c.value));
            break;
          case Operator::kLessThanOrEqual:
            hi = std::min(hi, value(c.value));
            break;
          case Operator::kBetween:
            lo = std::max(lo, value(c.min));
            hi = std::min(hi, value(c.max));
            break;
          default:
            break;
        }
        if (lo > hi) return name;
      } else if (valueKindOf(c.field) == ValueKind::kCode) {
        std::bitset<kMaxCode> set;
        auto add = [&](const Operand& v) {
          set.set(size_t(*codeOf(c.field, std::get<std::string>(v))));
        };
        if (c.value) add(*c.value);
        if (c.values)
          for (const Operand& v : *c.values) add(v);
        auto [it, inserted] = allowed.try_emplace(name);
        Allowed& a = it->second;
        if (inserted) a.codes.set();
        if (c.op == Operator::kEquals || c.op == Operator::kOneOf) {
          a.codes &= set;
          a.required = true;
        } else if (c.op == Operator::kNotEquals || c.op == Operator::kNotOneOf) {
          a.codes &= ~set;
        }
        if (a.required && a.codes.none()) return name;
      }
    }
    return std::nullopt;
  }

  // --- Steps ---

  PathState steps(const std::vector<Step>& list, const JsonPath& p, PathState st, int depth) {
    for (size_t i = 0; i < list.size(); ++i) {
      const JsonPath sp = p.index(i);
      if (st.mustEnd) {
        fail(sp, "Unreachable step: every path to it has already ended with BLOCK");
        break;
      }
      if (const Action* a = std::get_if<Action>(&list[i].body)) {
        st = action(*a, sp, std::move(st));
      } else {
        st = block(std::get<Block>(list[i].body), sp, std::move(st), depth);
      }
    }
    return st;
  }

  PathState action(const Action& a, const JsonPath& p, PathState st) {
    const std::string type(toString(a.type));
    auto onlyIn = [&](TriggerEvent event) {
      if (doc_.trigger.event == event) return true;
      fail(p.key("type"), type + " runs in " + std::string(toString(event)) + " workflows only");
      return false;
    };
    switch (a.type) {
      case ActionType::kAuthorize:
        if (!onlyIn(TriggerEvent::kPaymentCreated)) break;
        if (st.mayAuthorize)
          fail(p,
               "A payment may be authorized twice: an AUTHORIZE runs before this one on some path");
        checkAuthorize(a, p);
        st.mayAuthorize = st.mustAuthorize = st.mustDecide = true;
        break;
      case ActionType::kCapture:
        if (created() && !st.mustAuthorize)
          fail(p, "CAPTURE needs an AUTHORIZE before it on every path that reaches it");
        if (st.mayCapture)
          fail(p, "A payment may be captured twice: a CAPTURE runs before this one on some path");
        checkCapture(a, p);
        st.mayCapture = true;
        break;
      case ActionType::kCancel:
        if (!onlyIn(TriggerEvent::kPaymentStatusUpdated)) break;
        if (st.mayCancel) fail(p, "A payment may be cancelled twice on some path");
        checkReason(a, p, false);
        st.mayCancel = true;
        break;
      case ActionType::kRefund:
        if (!onlyIn(TriggerEvent::kPaymentStatusUpdated)) break;
        if (st.mayRefund) fail(p, "A payment may be refunded twice on some path");
        checkReason(a, p, false);
        st.mayRefund = true;
        break;
      case ActionType::kBlock:
        if (!onlyIn(TriggerEvent::kPaymentCreated)) break;
        if (st.mayAuthorize)
          fail(p, "BLOCK after AUTHORIZE: a payment already sent to a processor cannot be blocked");
        checkReason(a, p, true);
        st.mustEnd = st.mustDecide = true;
        break;
      case ActionType::kNotify:
        if (st.maxNotifications == Limits::kMaxNotificationsPerPayment) {
          fail(p, "A payment can trigger at most " +
                      std::to_string(Limits::kMaxNotificationsPerPayment) + " notifications");
        }
        ++st.maxNotifications;
        checkNotify(a, p);
        break;
    }
    return st;
  }

  void checkAuthorize(const Action& a, const JsonPath& p) {
    if (!knownConnection(a.connection)) fail(p.key("connection"), unknownConnection(a.connection));
    const JsonPath fp = p.key("fallbackConnections");
    if (a.fallbackConnections.size() > size_t(Limits::kMaxFallbacks)) {
      fail(fp, "Value must list at most " + std::to_string(Limits::kMaxFallbacks) + " connections");
      return;
    }
    for (size_t i = 0; i < a.fallbackConnections.size(); ++i) {
      const std::string& f = a.fallbackConnections[i];
      const auto earlier = a.fallbackConnections.begin() + std::ptrdiff_t(i);
      if (f == a.connection) {
        fail(fp.index(i), "The primary connection cannot also be a fallback");
      } else if (std::find(a.fallbackConnections.begin(), earlier, f) != earlier) {
        fail(fp.index(i), "Connection '" + f + "' is listed twice");
      } else if (!knownConnection(f)) {
        fail(fp.index(i), unknownConnection(f));
      }
    }
  }

  void checkCapture(const Action& a, const JsonPath& p) {
    if (a.captureMode == CaptureMode::kImmediate) {
      if (a.delayHours) fail(p.key("delayHours"), "delayHours applies to DELAYED captures only");
      return;
    }
    if (!a.delayHours) {
      fail(p.key("delayHours"), "Field required for a DELAYED capture");
    } else if (*a.delayHours < 1 || *a.delayHours > Limits::kMaxCaptureDelayHours) {
      fail(p.key("delayHours"), "Value must be an integer between 1 and " +
                                    std::to_string(Limits::kMaxCaptureDelayHours));
    }
  }

  void checkReason(const Action& a, const JsonPath& p, bool required) {
    if (required && a.reason.empty()) {
      fail(p.key("reason"), "Value must not be empty");
    } else if (a.reason.size() > Limits::kMaxTextLength) {
      fail(p.key("reason"),
           "Value must be at most " + std::to_string(Limits::kMaxTextLength) + " characters long");
    }
  }

  void checkNotify(const Action& a, const JsonPath& p) {
    if (a.channel == NotifyChannel::kEmail) {
      if (a.to.empty()) {
        fail(p.key("to"), "Field required for an EMAIL notification");
      } else if (!isEmailAddress(a.to)) {
        fail(p.key("to"), "Value must be a valid email address");
      }
    } else if (!a.to.empty()) {
      fail(p.key("to"),
           "WEBHOOK notifications go to the merchant's webhook endpoints: remove `to`");
    }
    if (a.message.empty() || a.message.size() > Limits::kMaxMessageLength) {
      fail(p.key("message"), "Value must be between 1 and " +
                                 std::to_string(Limits::kMaxMessageLength) + " characters long");
    }
  }

  void checkId(const std::string& id, const JsonPath& p) {
    if (!isId(id)) fail(p, "Value must be 1 to 64 characters: letters, digits, '_' or '-'");
  }

  PathState block(const Block& b, const JsonPath& p, PathState in, int depth) {
    checkId(b.id, p.key("id"));
    if (isId(b.id)) {
      auto [it, inserted] = blockIds_.try_emplace(b.id, p.str());
      if (!inserted) fail(p.key("id"), "Block id '" + b.id + "' is already used at " + it->second);
    }
    if (++blockCount_ == Limits::kMaxBlocks + 1)
      fail(p, "A workflow has at most " + std::to_string(Limits::kMaxBlocks) + " blocks");
    if (depth >= Limits::kMaxNesting) {
      fail(p, "Blocks nest at most " + std::to_string(Limits::kMaxNesting) + " deep");
      // Not analysed: assume it authorizes, so that its absence raises no further errors.
      in.mustDecide = in.mustAuthorize = true;
      return in;
    }
    if (in.maxBlocks == Limits::kMaxBlocksPerPayment) {
      fail(p, "A payment can pass through at most " + std::to_string(Limits::kMaxBlocksPerPayment) +
                  " blocks");
    }
    ++in.maxBlocks;

    const JsonPath routes = p.key("routes");
    std::set<std::string> routeIds;
    auto checkRouteId = [&](const Route& r, const JsonPath& rp) {
      checkId(r.id, rp.key("id"));
      if (isId(r.id) && !routeIds.insert(r.id).second)
        fail(rp.key("id"), "Route id '" + r.id + "' is already used in this block");
    };
    // Each route starts from the state before the block; the block leaves their merge.
    std::optional<PathState> out;
    auto runRoute = [&](const Route& r, const JsonPath& rp) {
      PathState s = steps(r.steps, rp.key("steps"), in, depth + 1);
      if (!s.mustDecide && s.undecidedAt == in.undecidedAt) s.undecidedAt = rp.str();
      out = out ? merge(*out, s) : s;
    };

    if (b.type == BlockType::kSplit) {
      if (b.routes.size() < 2 || b.routes.size() > 5)
        fail(routes, "A SPLIT block has 2 to 5 routes");
      int64_t sum = 0;
      bool percentagesValid = true;
      for (size_t j = 0; j < b.routes.size(); ++j) {
        const Route& r = b.routes[j];
        const JsonPath rp = routes.index(j);
        checkRouteId(r, rp);
        const int64_t pct = r.percentage.value_or(-1);
        if (pct < 0 || pct > 100) {
          fail(rp.key("percentage"), "Value must be an integer between 0 and 100");
          percentagesValid = false;
        } else {
          sum += pct;
        }
        runRoute(r, rp);
      }
      if (percentagesValid && sum != 100 && !b.routes.empty()) {
        fail(routes, "Percentages must add up to 100; they add up to " + std::to_string(sum));
      }
      return out ? *out : in;
    }

    if (b.routes.empty()) {
      fail(routes, "A CONDITIONS block needs at least one route besides its defaultRoute");
    } else if (b.routes.size() > size_t(Limits::kMaxRoutesPerBlock)) {
      fail(routes, "A block has at most " + std::to_string(Limits::kMaxRoutesPerBlock) + " routes");
    }
    // Canonical condition sets of the valid routes, to find routes an earlier one shadows.
    std::vector<std::optional<std::vector<std::string>>> canonical;
    for (size_t j = 0; j < b.routes.size(); ++j) {
      const Route& r = b.routes[j];
      const JsonPath rp = routes.index(j);
      checkRouteId(r, rp);
      bool valid = true;
      if (r.conditions.empty()) {
        fail(rp.key("conditions"),
             "A route needs at least one condition (the block's defaultRoute is the route "
             "without conditions)");
        valid = false;
      } else if (r.conditions.size() > size_t(Limits::kMaxConditionsPerRoute)) {
        fail(rp.key("conditions"), "A route has at most " +
                                       std::to_string(Limits::kMaxConditionsPerRoute) +
                                       " conditions");
        valid = false;
      }
      for (size_t k = 0; k < r.conditions.size(); ++k)
        valid = checkCondition(r.conditions[k], rp.key("conditions").index(k)) && valid;
      canonical.emplace_back();
      if (valid) {
        std::vector<std::string> set;
        for (const Condition& c : r.conditions) set.push_back(canonicalCondition(c));
        std::sort(set.begin(), set.end());
        set.erase(std::unique(set.begin(), set.end()), set.end());
        if (std::optional<std::string> field = contradiction(r.conditions)) {
          fail(rp, "Unreachable route: its conditions on " + *field + " exclude every payment");
        } else {
          for (size_t i = 0; i < j; ++i) {
            if (!canonical[i]) continue;
            if (std::includes(set.begin(), set.end(), canonical[i]->begin(), canonical[i]->end())) {
              fail(rp, "Unreachable route: every payment it matches is matched first by routes[" +
                           std::to_string(i) + "] ('" + b.routes[i].id + "')");
              break;
            }
          }
        }
        canonical.back() = std::move(set);
      }
      runRoute(r, rp);
    }
    if (b.defaultRoute) {
      const JsonPath dp = p.key("defaultRoute");
      checkRouteId(*b.defaultRoute, dp);
      runRoute(*b.defaultRoute, dp);
    }
    return out ? *out : in;
  }

  const WorkflowDocument& doc_;
  std::span<const std::string> connections_;
  WorkflowErrors& errors_;
  std::map<std::string, std::string> blockIds_;  // id -> path where first used
  int blockCount_ = 0;
};

}  // namespace

WorkflowErrors validateWorkflow(const WorkflowDocument& doc,
                                std::span<const std::string> connections) {
  WorkflowErrors errors;
  Validator(doc, connections, errors).run();
  return errors;
}

}  // namespace sy::workflows
