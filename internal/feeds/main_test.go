package feeds_test

import (
	"testing"

	"github.com/liaison-registry/liaison/internal/storetest"
)

// TestMain runs every test of the package on SQLite, then on PostgreSQL.
func TestMain(m *testing.M) { storetest.Main(m) }
