#include "store/store_url.h"

#include <gtest/gtest.h>

namespace sy::store {
namespace {

TEST(StoreUrl, SqliteAndPostgresUrlsSelectTheBackend) {
  auto abs = parseStoreUrl("sqlite:///var/lib/sy/store.db");
  ASSERT_TRUE(abs.isOk());
  EXPECT_EQ(abs->backend, StoreUrl::Backend::kSqlite);
  EXPECT_EQ(abs->sqlitePath, "/var/lib/sy/store.db");
  EXPECT_EQ(parseStoreUrl("sqlite://data/x.db")->sqlitePath, "data/x.db");

  for (const char* u : {"postgresql://sy@db:5432/switchyard", "postgres://sy@db/switchyard"}) {
    auto pg = parseStoreUrl(u);
    ASSERT_TRUE(pg.isOk()) << u;
    EXPECT_EQ(pg->backend, StoreUrl::Backend::kPostgres);
    EXPECT_EQ(pg->postgres.reveal(), u);
  }
}

TEST(StoreUrl, OtherUrlsAreRefusedWithoutRepeatingThem) {
  for (const char* u : {"mysql://root:pw123@h/db", "/var/lib/x.db", "sqlite://", ""}) {
    auto r = parseStoreUrl(u);
    ASSERT_FALSE(r.isOk()) << u;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(r.status().message().find("pw123"), std::string::npos);
  }
}

TEST(StoreUrl, RedactionMasksPasswords) {
  EXPECT_EQ(redactStoreUrl("postgresql://sy:s3cret@db:5432/switchyard?sslmode=require"),
            "postgresql://sy:***@db:5432/switchyard?sslmode=require");
  EXPECT_EQ(redactStoreUrl("postgresql://db/sw?user=sy&password=s3cret&sslmode=require"),
            "postgresql://db/sw?user=sy&password=***&sslmode=require");
  EXPECT_EQ(redactStoreUrl("postgresql://sy@db/switchyard"), "postgresql://sy@db/switchyard");
  EXPECT_EQ(redactStoreUrl("sqlite:///var/lib/x.db"), "sqlite:///var/lib/x.db");
}

}  // namespace
}  // namespace sy::store
