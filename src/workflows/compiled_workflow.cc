#include "workflows/compiled_workflow.h"

#include <algorithm>
#include <cassert>
#include <limits>
#include <tuple>

#include "workflows/condition_json.h"
#include "workflows/split_bucket.h"

namespace sy::workflows {
namespace {

char lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string lowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = lower(c);
  return out;
}

// Compares `stored` (already folded when `fold`) with `probe`, folding the probe on the fly.
int compareText(std::string_view stored, std::string_view probe, bool fold) noexcept {
  const size_t n = std::min(stored.size(), probe.size());
  for (size_t i = 0; i < n; ++i) {
    const auto a = static_cast<unsigned char>(stored[i]);
    const auto b = static_cast<unsigned char>(fold ? lower(probe[i]) : probe[i]);
    if (a != b) return a < b ? -1 : 1;
  }
  if (stored.size() == probe.size()) return 0;
  return stored.size() < probe.size() ? -1 : 1;
}

bool containsText(std::string_view haystack, std::string_view needle, bool fold) noexcept {
  if (needle.size() > haystack.size()) return false;
  for (size_t i = 0; i + needle.size() <= haystack.size(); ++i) {
    if (compareText(needle, haystack.substr(i, needle.size()), fold) == 0) return true;
  }
  return false;
}

// The code of an enumerated field of the payment, or -1 when the payment has none.
int paymentCode(Field field, const PaymentFacts& f) noexcept {
  auto country = [](const std::optional<CountryCode>& c) { return c ? c->index() : -1; };
  switch (field) {
    case Field::kCurrency:
      return f.currency ? f.currency->numeric : -1;
    case Field::kOrderCountry:
      return country(f.orderCountry);
    case Field::kBillingCountry:
      return country(f.billingCountry);
    case Field::kBinIssuerCountry:
      return country(f.binIssuerCountry);
    case Field::kBinNetwork:
      return f.binNetwork ? static_cast<int>(*f.binNetwork) : -1;
    case Field::kBinFundingType:
      return f.binFundingType ? static_cast<int>(*f.binFundingType) : -1;
    case Field::kPaymentType:
      return f.paymentType ? static_cast<int>(*f.paymentType) : -1;
    case Field::kStatus:
      return f.status ? static_cast<int>(*f.status) : -1;
    case Field::kAmount:
    case Field::kCustomerId:
    case Field::kCustomerEmailDomain:
    case Field::kMetadata:
      break;
  }
  return -1;
}

}  // namespace

// Lays a validated document out in a CompiledWorkflow's flat arrays. Every list (a route's
// conditions, a route's steps, a block's routes) is one contiguous range, reserved before its
// elements are compiled so that nested lists land after it.
class WorkflowCompiler {
 public:
  explicit WorkflowCompiler(const WorkflowDocument& doc) : doc_(doc) {}

  CompiledWorkflow build() {
    w_.name_ = doc_.name;
    w_.trigger_ = doc_.trigger.event;
    if (doc_.fallbackDeclineClasses) {
      for (DeclineClass c : *doc_.fallbackDeclineClasses) w_.fallBackOn_.insert(c);
    } else {
      w_.fallBackOn_ = DeclineClassSet::defaults();
    }
    std::tie(w_.triggerBegin_, w_.triggerEnd_) = conditions(doc_.trigger.conditions);
    w_.triggerConditionsJson_ = intern(conditionsToJson(doc_.trigger.conditions));
    std::tie(w_.stepsBegin_, w_.stepsEnd_) = steps(doc_.steps);
    return std::move(w_);
  }

 private:
  using Range = std::pair<uint32_t, uint32_t>;
  using Text = CompiledWorkflow::Text;
  using Test = CompiledWorkflow::Test;

  static uint32_t u32(size_t n) {
    assert(n <= std::numeric_limits<uint32_t>::max());
    return static_cast<uint32_t>(n);
  }

  Text intern(std::string_view s) {
    const Text t{u32(w_.pool_.size()), u32(s.size())};
    w_.pool_ += s;
    return t;
  }

  Range conditions(const std::vector<Condition>& list) {
    const uint32_t begin = u32(w_.conditions_.size());
    for (const Condition& c : list) w_.conditions_.push_back(condition(c));
    return {begin, u32(w_.conditions_.size())};
  }

  CompiledWorkflow::CompiledCondition condition(const Condition& c) {
    CompiledWorkflow::CompiledCondition cc;
    cc.field = c.field;
    if (c.field == Field::kMetadata) cc.key = intern(c.key);
    const bool fold = c.field == Field::kCustomerEmailDomain;
    auto integer = [](const std::optional<Operand>& v) { return std::get<int64_t>(*v); };
    auto text = [&](const Operand& v) {
      const std::string& s = std::get<std::string>(v);
      return fold ? lowerAscii(s) : s;
    };
    std::vector<Operand> operands;
    if (c.value) operands.push_back(*c.value);
    if (c.values) operands.insert(operands.end(), c.values->begin(), c.values->end());

    switch (c.op) {
      case Operator::kIsEmpty:
      case Operator::kIsNotEmpty:
        cc.test = Test::kEmpty;
        cc.negate = c.op == Operator::kIsNotEmpty;
        return cc;
      case Operator::kNotEquals:
      case Operator::kNotOneOf:
      case Operator::kNotContains:
        cc.negate = true;
        break;
      default:
        break;
    }
    switch (valueKindOf(c.field)) {
      case ValueKind::kInteger:
        cc.test = Test::kIntRange;
        cc.lo = std::numeric_limits<int64_t>::min();
        cc.hi = std::numeric_limits<int64_t>::max();
        switch (c.op) {
          case Operator::kEquals:
          case Operator::kNotEquals:
            cc.lo = cc.hi = integer(c.value);
            break;
          case Operator::kGreaterThanOrEqual:
            cc.lo = integer(c.value);
            break;
          case Operator::kLessThanOrEqual:
            cc.hi = integer(c.value);
            break;
          case Operator::kBetween:
            cc.lo = integer(c.min);
            cc.hi = integer(c.max);
            break;
          default: {  // ONE_OF, NOT_ONE_OF
            cc.test = Test::kIntSet;
            std::vector<int64_t> set;
            for (const Operand& v : operands) set.push_back(std::get<int64_t>(v));
            std::sort(set.begin(), set.end());
            set.erase(std::unique(set.begin(), set.end()), set.end());
            cc.begin = u32(w_.ints_.size());
            w_.ints_.insert(w_.ints_.end(), set.begin(), set.end());
            cc.end = u32(w_.ints_.size());
          }
        }
        return cc;
      case ValueKind::kCode: {
        cc.test = Test::kCodeSet;
        std::bitset<kMaxCode> set;
        for (const Operand& v : operands) {
          if (std::optional<int> code = codeOf(c.field, std::get<std::string>(v)))
            set.set(size_t(*code));
        }
        cc.begin = u32(w_.codeSets_.size());
        w_.codeSets_.push_back(set);
        return cc;
      }
      case ValueKind::kText:
        if (c.op == Operator::kContains || c.op == Operator::kNotContains) {
          cc.test = Test::kContains;
          cc.text = intern(text(*c.value));
          return cc;
        }
        {
          cc.test = Test::kTextSet;
          std::vector<std::string> set;
          for (const Operand& v : operands) set.push_back(text(v));
          std::sort(set.begin(), set.end());
          set.erase(std::unique(set.begin(), set.end()), set.end());
          cc.begin = u32(w_.texts_.size());
          for (const std::string& s : set) w_.texts_.push_back(intern(s));
          cc.end = u32(w_.texts_.size());
        }
        return cc;
    }
    return cc;
  }

  Range steps(const std::vector<Step>& list) {
    const uint32_t begin = u32(w_.steps_.size());
    w_.steps_.resize(begin + list.size());
    for (size_t i = 0; i < list.size(); ++i) {
      CompiledWorkflow::CompiledStep s;
      if (const Action* a = std::get_if<Action>(&list[i].body)) {
        s.index = u32(w_.actions_.size());
        w_.actions_.push_back(*a);
      } else {
        s.isBlock = true;
        s.index = block(std::get<Block>(list[i].body));
      }
      w_.steps_[begin + i] = s;  // by index: compiling a block grew steps_
    }
    return {begin, u32(begin + list.size())};
  }

  uint32_t block(const Block& b) {
    const uint32_t index = u32(w_.blocks_.size());
    w_.blocks_.emplace_back();
    CompiledWorkflow::CompiledBlock cb;
    cb.id = intern(b.id);
    cb.type = b.type;
    cb.splitSeed = splitSeed(b.id);
    cb.routesBegin = u32(w_.routes_.size());
    cb.routesEnd = u32(cb.routesBegin + b.routes.size());
    const bool hasDefault = b.type == BlockType::kConditions && b.defaultRoute;
    w_.routes_.resize(cb.routesEnd + (hasDefault ? 1 : 0));
    int64_t cumulative = 0;
    for (size_t j = 0; j < b.routes.size(); ++j) {
      cumulative += b.routes[j].percentage.value_or(0);
      w_.routes_[cb.routesBegin + j] = route(b.routes[j], cumulative);
    }
    if (hasDefault) w_.routes_[cb.routesEnd] = route(*b.defaultRoute, 0);
    w_.blocks_[index] = cb;
    return index;
  }

  CompiledWorkflow::CompiledRoute route(const Route& r, int64_t cumulativePercentage) {
    CompiledWorkflow::CompiledRoute cr;
    cr.id = intern(r.id);
    cr.conditionsJson = intern(conditionsToJson(r.conditions));
    cr.bucketEnd = u32(cumulativePercentage * (kSplitBuckets / 100));
    std::tie(cr.conditionsBegin, cr.conditionsEnd) = conditions(r.conditions);
    std::tie(cr.stepsBegin, cr.stepsEnd) = steps(r.steps);
    return cr;
  }

  const WorkflowDocument& doc_;
  CompiledWorkflow w_;
};

Checked<CompiledWorkflow> CompiledWorkflow::compile(const WorkflowDocument& doc,
                                                    std::span<const std::string> connections) {
  WorkflowErrors errors = validateWorkflow(doc, connections);
  if (!errors.empty()) return errors;
  return WorkflowCompiler(doc).build();
}

Checked<CompiledWorkflow> CompiledWorkflow::load(std::string_view json,
                                                 std::span<const std::string> connections) {
  Checked<WorkflowDocument> doc = parseWorkflowDocument(json);
  if (!doc) return doc.errors();
  return compile(doc.value(), connections);
}

std::string_view CompiledWorkflow::blockId(uint16_t block) const {
  return block < blocks_.size() ? view(blocks_[block].id) : std::string_view();
}

BlockType CompiledWorkflow::blockType(uint16_t block) const {
  return block < blocks_.size() ? blocks_[block].type : BlockType::kConditions;
}

std::string_view CompiledWorkflow::routeId(uint16_t block, uint16_t route) const {
  if (block >= blocks_.size()) return {};
  const CompiledBlock& b = blocks_[block];
  const uint32_t index = route == TraceEntry::kDefaultRoute ? b.routesEnd : b.routesBegin + route;
  if (index >= routes_.size() || (route != TraceEntry::kDefaultRoute && index >= b.routesEnd))
    return {};
  return view(routes_[index].id);
}

std::string_view CompiledWorkflow::routeConditionsJson(uint16_t block, uint16_t route) const {
  if (block >= blocks_.size()) return "[]";
  const CompiledBlock& b = blocks_[block];
  const uint32_t index = route == TraceEntry::kDefaultRoute ? b.routesEnd : b.routesBegin + route;
  if (index >= routes_.size() || (route != TraceEntry::kDefaultRoute && index >= b.routesEnd))
    return "[]";
  return view(routes_[index].conditionsJson);
}

size_t CompiledWorkflow::routeCount(uint16_t block) const {
  return block < blocks_.size() ? blocks_[block].routesEnd - blocks_[block].routesBegin : 0;
}

bool CompiledWorkflow::matches(const CompiledCondition& c, const PaymentFacts& f) const noexcept {
  const bool fold = c.field == Field::kCustomerEmailDomain;
  std::string_view text;  // text fields: the payment's value, "" when absent
  if (c.field == Field::kCustomerId) {
    text = f.customerId;
  } else if (c.field == Field::kCustomerEmailDomain) {
    text = f.customerEmailDomain;
  } else if (c.field == Field::kMetadata) {
    const std::string_view key = view(c.key);
    for (const MetadataEntry& e : f.metadata) {
      if (e.key == key) {
        text = e.value;
        break;
      }
    }
  }
  // `hit`: the positive test holds. An absent value fails every positive test (and so passes
  // every negated one), except kEmpty.
  bool hit = false;
  switch (c.test) {
    case Test::kIntRange:
      hit = f.amount >= c.lo && f.amount <= c.hi;
      break;
    case Test::kIntSet:
      hit = std::binary_search(ints_.begin() + c.begin, ints_.begin() + c.end, f.amount);
      break;
    case Test::kCodeSet: {
      const int code = paymentCode(c.field, f);
      hit = code >= 0 && code < kMaxCode && codeSets_[c.begin].test(size_t(code));
      break;
    }
    case Test::kTextSet:
      if (!text.empty()) {
        const auto first = texts_.begin() + c.begin, last = texts_.begin() + c.end;
        const auto it = std::lower_bound(first, last, text, [&](Text t, std::string_view probe) {
          return compareText(view(t), probe, fold) < 0;
        });
        hit = it != last && compareText(view(*it), text, fold) == 0;
      }
      break;
    case Test::kContains:
      hit = !text.empty() && containsText(text, view(c.text), fold);
      break;
    case Test::kEmpty:
      hit = valueKindOf(c.field) == ValueKind::kCode ? paymentCode(c.field, f) < 0 : text.empty();
      break;
  }
  return hit != c.negate;
}

bool CompiledWorkflow::allMatch(uint32_t begin, uint32_t end,
                                const PaymentFacts& f) const noexcept {
  for (uint32_t i = begin; i < end; ++i)
    if (!matches(conditions_[i], f)) return false;
  return true;
}

bool CompiledWorkflow::run(uint32_t begin, uint32_t end, const PaymentFacts& f,
                           Decision& d) const noexcept {
  for (uint32_t i = begin; i < end; ++i) {
    const CompiledStep step = steps_[i];
    if (!step.isBlock) {
      const Action& a = actions_[step.index];
      switch (a.type) {
        case ActionType::kAuthorize:
          d.authorize = &a;
          break;
        case ActionType::kCapture:
          d.capture = &a;
          break;
        case ActionType::kCancel:
          d.cancel = &a;
          break;
        case ActionType::kRefund:
          d.refund = &a;
          break;
        case ActionType::kBlock:
          d.block = &a;
          return false;
        case ActionType::kNotify:
          // Validation bounds the notifications per payment to the storage.
          if (d.notifyCount < d.notifyStorage.size()) d.notifyStorage[d.notifyCount++] = &a;
          break;
      }
      continue;
    }
    const CompiledBlock& b = blocks_[step.index];
    TraceEntry entry;
    entry.block = static_cast<uint16_t>(step.index);
    uint32_t chosen = b.routesEnd;  // CONDITIONS: the defaultRoute unless a route matches
    if (b.type == BlockType::kSplit) {
      const uint32_t bucket = splitBucket(b.splitSeed, f.splitKey);
      entry.bucket = static_cast<uint16_t>(bucket);
      chosen = b.routesEnd - 1;  // percentages add up to 100: the last route ends at 10000
      for (uint32_t r = b.routesBegin; r < b.routesEnd; ++r) {
        if (bucket < routes_[r].bucketEnd) {
          chosen = r;
          break;
        }
      }
    } else {
      for (uint32_t r = b.routesBegin; r < b.routesEnd; ++r) {
        if (allMatch(routes_[r].conditionsBegin, routes_[r].conditionsEnd, f)) {
          chosen = r;
          break;
        }
      }
    }
    entry.route = chosen == b.routesEnd ? TraceEntry::kDefaultRoute
                                        : static_cast<uint16_t>(chosen - b.routesBegin);
    // Validation bounds the blocks one payment passes through to the storage.
    if (d.traceSize < d.traceStorage.size()) d.traceStorage[d.traceSize++] = entry;
    const CompiledRoute& route = routes_[chosen];
    if (!run(route.stepsBegin, route.stepsEnd, f, d)) return false;
  }
  return true;
}

Decision CompiledWorkflow::evaluate(const PaymentFacts& facts) const noexcept {
  Decision d;
  if (!allMatch(triggerBegin_, triggerEnd_, facts)) return d;
  d.triggered = true;
  run(stepsBegin_, stepsEnd_, facts, d);
  return d;
}

}  // namespace sy::workflows
