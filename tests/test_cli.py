from metrics.cli import main


def test_main_without_arguments_exits_zero():
    assert main([]) == 0
