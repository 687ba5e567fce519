// Coroutine adapters: `co_await store::read(store, fn)` / `co_await store::write(store, fn)` run
// the work on the store's threads and resume the coroutine on its own executor.
//
// These are plain functions (not coroutines) taking the work by forwarding reference, so that a
// lambda written inline in a co_await expression is never turned into a std::function temporary
// there: GCC 12 destroys such temporaries twice (see docs/architecture.md, "Coroutines").
#pragma once

#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <memory>
#include <utility>

#include "store/store.h"

namespace sy::store {

template <class F>
boost::asio::awaitable<void> read(Store& store, F&& fn) {
  Store::ReadWork work(std::forward<F>(fn));
  return boost::asio::async_initiate<decltype(boost::asio::use_awaitable), void()>(
      [&store](auto handler, Store::ReadWork work) {
        auto h = std::make_shared<decltype(handler)>(std::move(handler));
        store.submitRead(std::move(work), [h]() {
          auto ex = boost::asio::get_associated_executor(*h);
          boost::asio::post(ex, [h]() mutable { std::move (*h)(); });
        });
      },
      boost::asio::use_awaitable, std::move(work));
}

template <class F>
boost::asio::awaitable<Status> write(Store& store, F&& fn) {
  Store::WriteWork work(std::forward<F>(fn));
  return boost::asio::async_initiate<decltype(boost::asio::use_awaitable), void(Status)>(
      [&store](auto handler, Store::WriteWork work) {
        auto h = std::make_shared<decltype(handler)>(std::move(handler));
        store.submitWrite(std::move(work), [h](Status s) {
          auto ex = boost::asio::get_associated_executor(*h);
          boost::asio::post(ex, [h, s = std::move(s)]() mutable { std::move (*h)(std::move(s)); });
        });
      },
      boost::asio::use_awaitable, std::move(work));
}

}  // namespace sy::store
