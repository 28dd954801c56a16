from __future__ import annotations

from pathlib import Path

import pytest

from ringfence.errors import ModelError
from ringfence.lexical.hashing import HashSpec
from ringfence.urls.model import default_url_classifier, load_url_classifier, train_url_classifier


def test_default_model_flags_phishing_and_passes_official_sites() -> None:
    clf = default_url_classifier()
    verdicts = clf.classify(
        [
            "http://icbc-jf.top/m",
            "https://www.icbc.com.cn/",
            "http://1.2.3.4:8080/login.php",
            "https://www.taobao.com/",
        ]
    )
    assert [v.is_malicious for v in verdicts] == [True, False, True, False]
    assert all(0.0 <= v.score <= 1.0 for v in verdicts)
    assert verdicts[0].reasons
    assert verdicts[0].prediction == "malicious"
    assert clf.classify([]) == []


def test_default_model_card_names_its_data() -> None:
    card = default_url_classifier().card
    for source in ("ISCX", "PhishTank", "2021"):
        assert source in card


def test_train_save_load(tmp_path: Path) -> None:
    good = [f"http://www.site{i}.com/articles/{i}/index.html" for i in range(150)]
    bad = [f"http://secure-login{i}.top/verify/account.php?id={i}" for i in range(150)]
    clf = train_url_classifier(
        good + bad, [False] * 150 + [True] * 150, trees=20, spec=HashSpec(3, 5, 14, 200)
    )
    clf.save(tmp_path / "m", card="test")
    loaded = load_url_classifier(tmp_path / "m")
    v = loaded.classify(
        ["http://secure-login999.top/verify/account.php?id=9", "http://www.site999.com/articles/9/"]
    )
    assert [x.is_malicious for x in v] == [True, False]
    with pytest.raises(ModelError):
        load_url_classifier(tmp_path / "missing")
    with pytest.raises(ModelError):
        train_url_classifier(good, [False] * 150)
