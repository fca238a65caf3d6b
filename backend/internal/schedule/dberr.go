package schedule

import (
	"errors"

	mysqldriver "github.com/go-sql-driver/mysql"
	"gorm.io/gorm"
)

// MySQL and MariaDB error numbers the store turns into domain errors.
const (
	errDupEntry     = 1062
	errFKParent     = 1451
	errFKChild      = 1452
	errCheckMySQL   = 3819
	errCheckMariaDB = 4025
)

func mysqlErrNo(err error) uint16 {
	var me *mysqldriver.MySQLError
	if errors.As(err, &me) {
		return me.Number
	}
	return 0
}

func isFKViolation(err error) bool {
	n := mysqlErrNo(err)
	return errors.Is(err, gorm.ErrForeignKeyViolated) || n == errFKParent || n == errFKChild
}

func isDuplicate(err error) bool {
	return errors.Is(err, gorm.ErrDuplicatedKey) || mysqlErrNo(err) == errDupEntry
}

func isCheckViolation(err error) bool {
	n := mysqlErrNo(err)
	return errors.Is(err, gorm.ErrCheckConstraintViolated) || n == errCheckMySQL || n == errCheckMariaDB
}
