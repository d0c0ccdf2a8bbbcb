"""Italian manufacturing districts for the symbiosis benchmarks: municipalities (approximate
centres), share of the generated firms, and the mix of sectors of their firms."""

from __future__ import annotations

# slug: (name, share of firms, {sector: share}, [(municipality, province, lat, lon), …])
DISTRICTS: dict[str, tuple[str, float, dict[str, float], list[tuple[str, str, float, float]]]] = {
    "prato": ("Prato", 0.17, {
        "wool": 0.40, "dyeing": 0.12, "textile_recycling": 0.08, "apparel": 0.18,
        "packaging_recycling": 0.03, "services": 0.09, "metal": 0.05, "furniture": 0.05,
    }, [
        ("Prato", "PO", 43.880, 11.097), ("Montemurlo", "PO", 43.927, 11.037),
        ("Vaiano", "PO", 43.968, 11.123), ("Vernio", "PO", 44.047, 11.150),
        ("Calenzano", "FI", 43.864, 11.165), ("Campi Bisenzio", "FI", 43.822, 11.133),
        ("Agliana", "PT", 43.904, 11.007), ("Montale", "PT", 43.934, 11.022),
        ("Quarrata", "PT", 43.848, 10.983),
    ]),
    "carpi": ("Carpi", 0.09, {
        "knitwear": 0.50, "apparel": 0.15, "dyeing": 0.06, "textile_recycling": 0.03,
        "packaging_recycling": 0.03, "services": 0.11, "metal": 0.07, "furniture": 0.05,
    }, [
        ("Carpi", "MO", 44.784, 10.885), ("Novi di Modena", "MO", 44.893, 10.900),
        ("Soliera", "MO", 44.738, 10.925), ("Correggio", "RE", 44.770, 10.782),
        ("Cavezzo", "MO", 44.836, 11.030), ("San Possidonio", "MO", 44.893, 10.996),
    ]),
    "biella": ("Biella", 0.06, {
        "wool": 0.50, "dyeing": 0.12, "textile_recycling": 0.04, "packaging_recycling": 0.03,
        "services": 0.12, "metal": 0.12, "furniture": 0.07,
    }, [
        ("Biella", "BI", 45.566, 8.054), ("Cossato", "BI", 45.571, 8.178),
        ("Valdilana", "BI", 45.659, 8.141), ("Vigliano Biellese", "BI", 45.560, 8.105),
        ("Candelo", "BI", 45.546, 8.113), ("Pray", "BI", 45.674, 8.211),
    ]),
    "como": ("Como", 0.07, {
        "silk": 0.40, "dyeing": 0.15, "apparel": 0.12, "textile_recycling": 0.02,
        "packaging_recycling": 0.03, "services": 0.12, "metal": 0.08, "furniture": 0.08,
    }, [
        ("Como", "CO", 45.808, 9.085), ("Cernobbio", "CO", 45.842, 9.074),
        ("Grandate", "CO", 45.776, 9.058), ("Fino Mornasco", "CO", 45.743, 9.041),
        ("Lurate Caccivio", "CO", 45.766, 8.998),
    ]),
    "castel-goffredo": ("Castel Goffredo", 0.03, {
        "knitwear": 0.55, "dyeing": 0.10, "textile_recycling": 0.03,
        "packaging_recycling": 0.03, "services": 0.14, "metal": 0.15,
    }, [
        ("Castel Goffredo", "MN", 45.297, 10.475), ("Asola", "MN", 45.221, 10.414),
        ("Medole", "MN", 45.326, 10.514), ("Ceresara", "MN", 45.262, 10.569),
        ("Casaloldo", "MN", 45.254, 10.477),
    ]),
    "sassuolo": ("Sassuolo", 0.08, {
        "ceramics": 0.55, "packaging_recycling": 0.04, "services": 0.15, "metal": 0.18,
        "furniture": 0.08,
    }, [
        ("Sassuolo", "MO", 44.543, 10.784), ("Fiorano Modenese", "MO", 44.537, 10.823),
        ("Formigine", "MO", 44.573, 10.848), ("Maranello", "MO", 44.526, 10.866),
        ("Casalgrande", "RE", 44.589, 10.736), ("Scandiano", "RE", 44.597, 10.691),
        ("Castellarano", "RE", 44.511, 10.731),
    ]),
    "santa-croce": ("Santa Croce sull'Arno", 0.05, {
        "tannery": 0.55, "footwear": 0.15, "packaging_recycling": 0.03, "services": 0.15,
        "metal": 0.12,
    }, [
        ("Santa Croce sull'Arno", "PI", 43.711, 10.778),
        ("Castelfranco di Sotto", "PI", 43.700, 10.745), ("San Miniato", "PI", 43.679, 10.851),
        ("Fucecchio", "FI", 43.728, 10.810), ("Montopoli in Val d'Arno", "PI", 43.674, 10.750),
    ]),
    "arzignano": ("Arzignano", 0.05, {
        "tannery": 0.55, "packaging_recycling": 0.03, "services": 0.15, "metal": 0.20,
        "furniture": 0.07,
    }, [
        ("Arzignano", "VI", 45.520, 11.334), ("Chiampo", "VI", 45.544, 11.281),
        ("Montebello Vicentino", "VI", 45.458, 11.384),
        ("Montorso Vicentino", "VI", 45.492, 11.363), ("Zermeghedo", "VI", 45.477, 11.373),
    ]),
    "empoli": ("Empoli", 0.05, {
        "apparel": 0.50, "knitwear": 0.10, "textile_recycling": 0.03,
        "packaging_recycling": 0.03, "services": 0.14, "furniture": 0.10, "metal": 0.10,
    }, [
        ("Empoli", "FI", 43.718, 10.946), ("Vinci", "FI", 43.786, 10.926),
        ("Montelupo Fiorentino", "FI", 43.730, 11.020), ("Cerreto Guidi", "FI", 43.759, 10.882),
        ("Castelfiorentino", "FI", 43.606, 10.970),
    ]),
    "brianza": ("Brianza", 0.08, {
        "furniture": 0.55, "packaging_recycling": 0.04, "services": 0.15, "metal": 0.20,
        "apparel": 0.06,
    }, [
        ("Lissone", "MB", 45.613, 9.244), ("Meda", "MB", 45.663, 9.158),
        ("Cantù", "CO", 45.739, 9.128), ("Seregno", "MB", 45.650, 9.204),
        ("Lentate sul Seveso", "MB", 45.676, 9.119), ("Mariano Comense", "CO", 45.697, 9.181),
    ]),
    "lumezzane": ("Lumezzane", 0.06, {
        "metal": 0.65, "packaging_recycling": 0.04, "services": 0.16, "furniture": 0.05,
        "ceramics": 0.02, "apparel": 0.08,
    }, [
        ("Lumezzane", "BS", 45.648, 10.262), ("Sarezzo", "BS", 45.652, 10.203),
        ("Gardone Val Trompia", "BS", 45.690, 10.187), ("Villa Carcina", "BS", 45.632, 10.196),
        ("Concesio", "BS", 45.603, 10.217),
    ]),
    "montebelluna": ("Montebelluna", 0.04, {
        "footwear": 0.50, "apparel": 0.10, "packaging_recycling": 0.04, "services": 0.16,
        "metal": 0.12, "furniture": 0.08,
    }, [
        ("Montebelluna", "TV", 45.776, 12.044), ("Caerano di San Marco", "TV", 45.785, 12.004),
        ("Asolo", "TV", 45.800, 11.914), ("Cornuda", "TV", 45.831, 12.008),
        ("Volpago del Montello", "TV", 45.777, 12.120),
    ]),
    "fermo": ("Fermo", 0.06, {
        "footwear": 0.60, "tannery": 0.05, "packaging_recycling": 0.04, "services": 0.15,
        "metal": 0.08, "apparel": 0.08,
    }, [
        ("Fermo", "FM", 43.161, 13.718), ("Sant'Elpidio a Mare", "FM", 43.229, 13.686),
        ("Porto Sant'Elpidio", "FM", 43.256, 13.758), ("Montegranaro", "FM", 43.233, 13.633),
        ("Monte Urano", "FM", 43.206, 13.672),
    ]),
    "vigevano": ("Vigevano", 0.02, {
        "footwear": 0.50, "metal": 0.25, "packaging_recycling": 0.05, "services": 0.20,
    }, [
        ("Vigevano", "PV", 45.317, 8.856), ("Gambolò", "PV", 45.249, 8.859),
        ("Cassolnovo", "PV", 45.365, 8.810), ("Mortara", "PV", 45.250, 8.736),
    ]),
    "val-seriana": ("Val Seriana", 0.03, {
        "wool": 0.45, "dyeing": 0.10, "textile_recycling": 0.03, "packaging_recycling": 0.03,
        "services": 0.14, "metal": 0.20, "furniture": 0.05,
    }, [
        ("Gandino", "BG", 45.812, 9.898), ("Leffe", "BG", 45.799, 9.887),
        ("Albino", "BG", 45.762, 9.796), ("Casnigo", "BG", 45.814, 9.870),
        ("Vertova", "BG", 45.810, 9.855),
    ]),
    "vesuviano": ("San Giuseppe Vesuviano", 0.03, {
        "apparel": 0.60, "textile_recycling": 0.04, "packaging_recycling": 0.04,
        "services": 0.16, "metal": 0.10, "furniture": 0.06,
    }, [
        ("San Giuseppe Vesuviano", "NA", 40.835, 14.504), ("Ottaviano", "NA", 40.850, 14.478),
        ("Nola", "NA", 40.926, 14.530), ("Palma Campania", "NA", 40.866, 14.552),
        ("Poggiomarino", "NA", 40.803, 14.541),
    ]),
    "putignano": ("Putignano", 0.03, {
        "apparel": 0.55, "knitwear": 0.05, "textile_recycling": 0.03,
        "packaging_recycling": 0.04, "services": 0.16, "metal": 0.10, "furniture": 0.07,
    }, [
        ("Putignano", "BA", 40.850, 17.120), ("Noci", "BA", 40.792, 17.125),
        ("Martina Franca", "TA", 40.705, 17.337), ("Castellana Grotte", "BA", 40.886, 17.166),
        ("Conversano", "BA", 40.967, 17.115),
    ]),
}  # fmt: skip
