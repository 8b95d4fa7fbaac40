from collector.core.words import count, number


def test_counts_read_as_a_person_says_them():
    assert count(1, "arquivo", "arquivos") == "1 arquivo"
    assert count(0, "arquivo", "arquivos") == "0 arquivos"
    assert count(2, "anexo enviado", "anexos enviados") == "2 anexos enviados"
    assert count(1200, "arquivo", "arquivos") == "1.200 arquivos"
    assert number(1234567) == "1.234.567"
