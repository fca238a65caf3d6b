package booking

import (
	"errors"

	mysqldriver "github.com/go-sql-driver/mysql"
	"gorm.io/gorm"
)

// MySQL and MariaDB error numbers the store turns into domain errors.
const (
	errDupEntry = 1062
)

func mysqlErrNo(err error) uint16 {
	var me *mysqldriver.MySQLError
	if errors.As(err, &me) {
		return me.Number
	}
	return 0
}

func isDuplicate(err error) bool {
	return errors.Is(err, gorm.ErrDuplicatedKey) || mysqlErrNo(err) == errDupEntry
}

// isDeadlock reports an InnoDB deadlock victim, whose transaction can simply be run again.
func isDeadlock(err error) bool { return mysqlErrNo(err) == 1213 }
