package ui

import "strconv"

func idString(id int64) string { return strconv.FormatInt(id, 10) }
