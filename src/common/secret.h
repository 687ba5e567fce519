// Secret<T>: a value that prints as [REDACTED]. Card numbers, CVVs, API keys and processor
// credentials travel in this wrapper so that no log line or error message can show them.
#pragma once

#include <openssl/crypto.h>

#include <ostream>
#include <string>
#include <utility>

namespace sy {

template <class T>
class Secret {
 public:
  Secret() = default;
  explicit Secret(T value) : value_(std::move(value)) {}
  Secret(const Secret&) = default;
  Secret(Secret&&) noexcept = default;
  Secret& operator=(const Secret&) = default;
  Secret& operator=(Secret&&) noexcept = default;
  ~Secret() { wipe(); }

  // The one way to read the value: the call site names what it does with it.
  const T& reveal() const { return value_; }
  bool empty() const { return value_.empty(); }

 private:
  void wipe() {
    if constexpr (std::is_same_v<T, std::string>) {
      if (!value_.empty()) OPENSSL_cleanse(value_.data(), value_.size());
    }
  }
  T value_{};
};

template <class T>
std::ostream& operator<<(std::ostream& os, const Secret<T>&) {
  return os << "[REDACTED]";
}

using SecretString = Secret<std::string>;

}  // namespace sy
