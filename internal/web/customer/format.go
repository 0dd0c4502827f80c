package customer

import "sapsportal/internal/program"

func programCode(s string) string { return program.Code12(s).Display() }
