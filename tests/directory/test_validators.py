import pytest
from django.core.exceptions import ValidationError

from directory.validators import credit_code_check_char, normalize_credit_code, validate_credit_code

# Published codes of real companies (from their business licences).
REAL_VALID = [
    "91440300708461136T",  # 深圳市腾讯计算机系统有限公司
    "914403001922038216",  # 华为技术有限公司
    "91110000802100433B",  # 北京百度网讯科技有限公司
    "91330100716105852F",  # 阿里巴巴（中国）有限公司
]


@pytest.mark.parametrize("code", REAL_VALID)
def test_credit_code_real_examples_are_valid(code):
    validate_credit_code(code)


@pytest.mark.parametrize("code", REAL_VALID)
def test_credit_code_with_changed_check_character_is_rejected(code):
    wrong = code[:17] + ("0" if code[17] != "0" else "1")
    with pytest.raises(ValidationError) as excinfo:
        validate_credit_code(wrong)
    assert excinfo.value.code == "checksum"


def test_credit_code_with_swapped_digits_is_rejected():
    code = REAL_VALID[1]
    swapped = code[:8] + code[9] + code[8] + code[10:]
    with pytest.raises(ValidationError):
        validate_credit_code(swapped)


@pytest.mark.parametrize(
    ("code", "error"),
    [
        ("91440300708461136", "length"),
        ("91440300708461136TT", "length"),
        ("", "length"),
        ("9144030070846113IT", "alphabet"),  # I is not in the alphabet
        ("91440300708461136O", "alphabet"),
        ("91ABCDEF708461136T", "region"),
    ],
)
def test_credit_code_malformed_gets_specific_error(code, error):
    with pytest.raises(ValidationError) as excinfo:
        validate_credit_code(code)
    assert excinfo.value.code == error


def test_credit_code_normalisation_accepts_lowercase_fullwidth_and_spaces():
    assert normalize_credit_code(" ９１４４０３００７０８４６１１３６ｔ ") == "91440300708461136T"
    validate_credit_code("9144 0300 7084 6113 6t")


def test_check_char_computation_matches_known_code():
    assert credit_code_check_char("91330100716105852") == "F"
