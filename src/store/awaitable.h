// Coroutine adapters: `co_await store::read(store, fn)` / `co_await store::write(store, fn)` run the
// work on the store's threads and resume the coroutine on its own executor.
#pragma once

#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <memory>

#include "store/store.h"

namespace sy::store {

inline boost::asio::awaitable<void> read(Store& store, Store::ReadWork work) {
  co_await boost::asio::async_initiate<decltype(boost::asio::use_awaitable), void()>(
      [&store, work = std::move(work)](auto handler) mutable {
        auto h = std::make_shared<decltype(handler)>(std::move(handler));
        store.submitRead(std::move(work), [h]() {
          auto ex = boost::asio::get_associated_executor(*h);
          boost::asio::post(ex, [h]() mutable { std::move (*h)(); });
        });
      },
      boost::asio::use_awaitable);
}

inline boost::asio::awaitable<Status> write(Store& store, Store::WriteWork work) {
  co_return co_await boost::asio::async_initiate<decltype(boost::asio::use_awaitable),
                                                 void(Status)>(
      [&store, work = std::move(work)](auto handler) mutable {
        auto h = std::make_shared<decltype(handler)>(std::move(handler));
        store.submitWrite(std::move(work), [h](Status s) {
          auto ex = boost::asio::get_associated_executor(*h);
          boost::asio::post(ex, [h, s = std::move(s)]() mutable { std::move (*h)(std::move(s)); });
        });
      },
      boost::asio::use_awaitable);
}

}  // namespace sy::store
