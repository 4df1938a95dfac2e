"""The profile answers "how many of each type" in words."""

import pandas as pd

from mms_core.analysis.profile import type_breakdown_text


def test_type_breakdown_in_words_most_first_without_zeros():
    grants = pd.DataFrame({"org_type": ["osp", "kgw", "kgw", "kgw", "osp", "fundacja"]})
    assert type_breakdown_text(grants, "pl") == (
        "Dotacje według typu organizacji: Koło Gospodyń Wiejskich 3, Ochotnicza Straż Pożarna 2, Fundacja 1.")
    assert type_breakdown_text(grants, "en").startswith("Grants by organisation type: Rural housewives' circle (KGW) 3")
