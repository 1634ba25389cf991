"""
Words and sentence patterns the synthetic saga is written from, in Japanese and English.

Every entry is a (ja, en) pair saying the same thing, so that an English row really is a
translation of the Japanese one (and vice versa). Placeholders: ``{a}``, ``{b}``, ``{c}``
are the three people of an event (in Japanese followed by 氏), ``{org}`` an organisation,
``{title}`` a role, ``{n}`` a number. The names are invented; web addresses use the
reserved ``.example`` domain, so nothing here points at a real person or site.
"""

# People whose names are written in the Latin alphabet first (original language: en).
WESTERN_GIVEN = [
    ("Anna", "アンナ"), ("Ben", "ベン"), ("Clara", "クララ"), ("Daniel", "ダニエル"),
    ("Elena", "エレナ"), ("Felix", "フェリックス"), ("Grace", "グレース"), ("Henry", "ヘンリー"),
    ("Iris", "アイリス"), ("Jonas", "ヨナス"), ("Karen", "カレン"), ("Leo", "レオ"),
    ("Maya", "マヤ"), ("Nathan", "ネイサン"), ("Olivia", "オリビア"), ("Paul", "ポール"),
    ("Rachel", "レイチェル"), ("Simon", "サイモン"), ("Tessa", "テッサ"), ("Victor", "ビクター"),
    ("Wendy", "ウェンディ"), ("Adrian", "エイドリアン"), ("Beatrice", "ベアトリス"),
    ("Colin", "コリン"), ("Diana", "ダイアナ"), ("Ethan", "イーサン"), ("Fiona", "フィオナ"),
    ("Gabriel", "ガブリエル"), ("Hannah", "ハンナ"), ("Isaac", "アイザック"), ("Julia", "ジュリア"),
    ("Kevin", "ケビン"), ("Laura", "ローラ"), ("Marcus", "マーカス"), ("Nina", "ニーナ"),
    ("Oscar", "オスカー"), ("Priya", "プリヤ"), ("Rafael", "ラファエル"), ("Sofia", "ソフィア"),
    ("Thomas", "トーマス"),
]  # fmt: skip
WESTERN_FAMILY = [
    ("Abbott", "アボット"), ("Barnes", "バーンズ"), ("Caldwell", "コールドウェル"),
    ("Dalton", "ダルトン"), ("Ellison", "エリソン"), ("Fischer", "フィッシャー"),
    ("Garner", "ガーナー"), ("Hale", "ヘイル"), ("Ingram", "イングラム"), ("Jensen", "ジェンセン"),
    ("Keller", "ケラー"), ("Lambert", "ランバート"), ("Mercer", "マーサー"), ("Novak", "ノバク"),
    ("Osborne", "オズボーン"), ("Porter", "ポーター"), ("Quinn", "クイン"), ("Reyes", "レイエス"),
    ("Sutton", "サットン"), ("Thornton", "ソーントン"), ("Underwood", "アンダーウッド"),
    ("Vance", "バンス"), ("Walsh", "ウォルシュ"), ("Young", "ヤング"), ("Zimmer", "ジマー"),
    ("Bishop", "ビショップ"), ("Crane", "クレイン"), ("Doyle", "ドイル"), ("Foster", "フォスター"),
    ("Grant", "グラント"), ("Harper", "ハーパー"), ("Lowell", "ローウェル"), ("Marsh", "マーシュ"),
    ("Nolan", "ノーラン"), ("Pierce", "ピアース"), ("Rowe", "ロウ"), ("Sloan", "スローン"),
    ("Tate", "テイト"), ("Webb", "ウェッブ"), ("Wilder", "ワイルダー"),
]  # fmt: skip

# People whose names are written in Japanese first (original language: ja).
JAPANESE_GIVEN = [
    ("Haruka", "遥"), ("Kenji", "健二"), ("Yui", "結衣"), ("Takashi", "隆"), ("Aoi", "葵"),
    ("Daisuke", "大輔"), ("Mei", "芽衣"), ("Shota", "翔太"), ("Rin", "凛"), ("Kazuki", "和樹"),
    ("Nanami", "七海"), ("Yuto", "悠斗"), ("Saki", "咲"), ("Ryo", "亮"), ("Emi", "恵美"),
    ("Hiroshi", "浩"), ("Mio", "美緒"), ("Kaito", "海斗"), ("Ayaka", "彩花"), ("Naoki", "直樹"),
]  # fmt: skip
JAPANESE_FAMILY = [
    ("Sato", "佐藤"), ("Suzuki", "鈴木"), ("Takahashi", "高橋"), ("Tanaka", "田中"),
    ("Watanabe", "渡辺"), ("Ito", "伊藤"), ("Yamamoto", "山本"), ("Nakamura", "中村"),
    ("Kobayashi", "小林"), ("Kato", "加藤"), ("Yoshida", "吉田"), ("Yamada", "山田"),
    ("Sasaki", "佐々木"), ("Matsumoto", "松本"), ("Inoue", "井上"), ("Kimura", "木村"),
    ("Hayashi", "林"), ("Shimizu", "清水"), ("Mori", "森"), ("Ikeda", "池田"),
]  # fmt: skip

# Organisation names: a stem and a kind of suffix.
STEMS = [
    ("North", "ノース"), ("Blue", "ブルー"), ("Silver", "シルバー"), ("Bright", "ブライト"),
    ("Clear", "クリア"), ("Deep", "ディープ"), ("Open", "オープン"), ("Red", "レッド"),
    ("Stone", "ストーン"), ("Summit", "サミット"), ("Harbor", "ハーバー"),
    ("Quantum", "クオンタム"),
    ("Vector", "ベクター"), ("Cedar", "シーダー"), ("Lumen", "ルーメン"), ("Polar", "ポーラー"),
]  # fmt: skip
STEM_ENDINGS = [
    ("bridge", "ブリッジ"), ("field", "フィールド"), ("gate", "ゲート"), ("wave", "ウェーブ"),
    ("point", "ポイント"), ("path", "パス"), ("line", "ライン"), ("works", "ワークス"),
]  # fmt: skip
COMPANY_SUFFIXES = [
    ("Labs", "ラボ"), ("Systems", "システムズ"), ("Robotics", "ロボティクス"),
    ("Networks", "ネットワークス"), ("Holdings", "ホールディングス"), ("Capital", "キャピタル"),
]  # fmt: skip
NONPROFIT_SUFFIXES = [("Foundation", "財団"), ("Institute", "研究所")]
NEWS_SUFFIXES = [
    ("Times", "タイムズ"), ("Herald", "ヘラルド"), ("Post", "ポスト"), ("Journal", "ジャーナル"),
    ("Tribune", "トリビューン"), ("Wire", "ワイヤー"), ("Review", "レビュー"),
    ("Gazette", "ガゼット"),
]  # fmt: skip
# News organisations whose name is Japanese first: (romanised, kanji) stems and suffixes.
JAPANESE_NEWS_STEMS = [
    ("Hokuto", "北斗"), ("Myojo", "明星"), ("Choyo", "朝陽"), ("Mizuho", "瑞穂"),
    ("Aoba", "青葉"), ("Shirasagi", "白鷺"), ("Wakaba", "若葉"), ("Kasumi", "霞"),
]  # fmt: skip
JAPANESE_NEWS_SUFFIXES = [("Shimbun", "新聞"), ("Nippo", "日報"), ("Tsushin", "通信")]
PLATFORMS = [
    ("Chirp", "チャープ"), ("Postline", "ポストライン"), ("Streamly", "ストリームリー"),
    ("Loopcast", "ループキャスト"),
]  # fmt: skip
ORGANIZATION_DESCRIPTIONS = {
    "company": ("{name}は人工知能の研究と製品開発を手がける企業です。",
                "{name} is a company that researches and builds artificial intelligence."),
    "nonprofit": ("{name}は技術の安全な利用を目的とする非営利団体です。",
                  "{name} is a non-profit that works on the safe use of technology."),
    "news": ("{name}はテクノロジーと経済を中心に報じる報道機関です。",
             "{name} is a news organisation covering technology and business."),
    "platform": ("{name}は短い投稿や動画を共有できるオンラインサービスです。",
                 "{name} is an online service for sharing short posts and videos."),
}  # fmt: skip

# Roles (affiliation titles); the last ones are for journalists.
EXECUTIVE_TITLES = [
    ("最高経営責任者", "chief executive"), ("最高技術責任者", "chief technology officer"),
    ("最高財務責任者", "chief financial officer"), ("社長", "president"),
    ("取締役会長", "chair of the board"), ("取締役", "board member"),
    ("チーフサイエンティスト", "chief scientist"), ("研究部門責任者", "head of research"),
    ("法務責任者", "general counsel"), ("広報担当者", "spokesperson"), ("共同創業者", "co-founder"),
    ("マネージングパートナー", "managing partner"), ("政策担当ディレクター", "policy director"),
]  # fmt: skip
INTERIM_TITLE = ("暫定最高経営責任者", "interim chief executive")
JOURNALIST_TITLES = [
    ("記者", "reporter"),
    ("編集委員", "senior editor"),
    ("コラムニスト", "columnist"),
]

PERSON_BIOS = [
    ("{org}の{title}。", "{title} at {org}."),
    ("{org}の{title}を務める。技術政策に詳しい。",
     "{title} at {org}, with a background in tech policy."),
    ("{org}の{title}。以前は研究者だった。", "{title} at {org}; formerly a researcher."),
]  # fmt: skip

# (ja, en, slug) for the saga's tags.
TAGS = [
    ("経営", "leadership", "leadership"), ("取締役会", "board", "board"),
    ("投資", "investment", "investment"), ("人事", "appointments", "appointments"),
    ("規制", "regulation", "regulation"), ("社員", "staff", "staff"),
    ("提携", "partnerships", "partnerships"), ("声明", "statements", "statements"),
    ("報道", "press", "press"), ("訴訟", "litigation", "litigation"),
    ("製品", "products", "products"), ("安全性", "safety", "safety"),
    ("資金調達", "fundraising", "fundraising"), ("SNS", "social media", "social-media"),
    ("ガバナンス", "governance", "governance"),
]  # fmt: skip

CHAPTER_THEMES = [
    ("発端", "The spark"), ("解任", "The firing"), ("交渉", "Negotiations"),
    ("反発", "The backlash"), ("新体制", "A new board"), ("余波", "Aftermath"),
    ("調査", "The inquiry"), ("復帰", "The return"), ("再編", "Restructuring"),
    ("沈静化", "Calm returns"), ("対立", "The rift"), ("合意", "The deal"),
]  # fmt: skip

SAGA_TITLE = ("{org}の経営危機（合成データ）", "The {org} leadership crisis (synthetic data)")
SAGA_STANDFIRST = (
    "ベンチマークのために生成した架空の物語です。{events}件の出来事を{chapters}章にわたって"
    "記録しています。人物、組織、報道はすべて架空のものです。",
    "A fictional saga generated for benchmarking: {events} events over {chapters} chapters. "
    "Every person, organisation and report in it is invented.",
)

HEADLINES = [
    ("{org}取締役会、{a}氏の{title}解任を決定",
     "{org} board removes {a} as {title} after a closed-door review"),
    ("{a}氏、{org}の{title}を退任へ　後任に{b}氏",
     "{a} to step down as {title} of {org}, with {b} named as successor"),
    ("{org}社員{n}人が書簡、取締役会の総辞職を要求",
     "{n} employees of {org} sign a letter demanding that the board resign"),
    ("{b}氏が{org}の暫定トップに就任、{a}氏は沈黙",
     "{b} takes over as interim head of {org} while {a} stays silent"),
    ("{org}、{a}氏の復帰をめぐり投資家と協議",
     "{org} holds talks with its investors over the possible return of {a}"),
    ("{a}氏と{b}氏が共同声明、新会社の設立を示唆",
     "{a} and {b} issue a joint statement hinting at a new company"),
    ("{org}の主要株主、取締役会に説明を要求",
     "A major shareholder of {org} demands an explanation from the board"),
    ("{a}氏、SNSで「まだ終わっていない」と投稿",
     "{a} posts that \"it is not over yet\" as speculation keeps mounting"),
    ("{org}、新たな取締役{n}人の選任を発表",
     "{org} announces the appointment of {n} new members to its board"),
    ("{c}氏が報道、交渉は週末にも決着か",
     "{c} reports that the negotiations could be settled by the weekend"),
    ("{org}の{title}、{a}氏解任の理由を初めて説明",
     "The {title} of {org} explains for the first time why {a} was removed"),
    ("{a}氏、{org}への復帰で合意　取締役会は刷新へ",
     "{a} agrees to return to {org} as the board is overhauled"),
    ("{b}氏、取締役会の判断は「誤り」だったと認める",
     "{b} admits in a public post that the board's decision was a mistake"),
    ("{org}の社員の大半が{a}氏の支持を表明",
     "Most of the staff at {org} publicly back {a} in an open show of support"),
    ("規制当局、{org}の統治体制について調査を開始",
     "Regulators open an inquiry into how {org} is governed after the turmoil"),
    ("{a}氏が記者会見、{org}の方針転換を否定",
     "{a} denies any change of direction at {org} at a press conference"),
]  # fmt: skip

SENTENCES = [
    ("{org}は声明で、{a}氏が{title}を退くと発表した。",
     "In a statement, {org} said {a} would leave the post of {title}."),
    ("取締役会は、{a}氏の説明が「一貫して率直ではなかった」としている。",
     "The board said {a} had not been \"consistently candid\" in communications."),
    ("{b}氏は同日夜、自身も辞任するとSNSに投稿した。",
     "{b} posted that evening that they would also resign."),
    ("関係者によると、主要な出資者には発表の数分前まで知らされていなかった。",
     "People familiar with the matter said major backers were told only minutes before "
     "the announcement."),
    ("{c}氏は、交渉が夜を徹して続いたと報じた。",
     "{c} reported that the negotiations went on through the night."),
    ("社員{n}人以上が、取締役会の辞任を求める書簡に署名した。",
     "More than {n} employees signed a letter calling on the board to resign."),
    ("署名者の数については、報道によって食い違いがある。",
     "Reports differ on how many people had signed."),
    ("{org}の広報担当者はコメントを控えた。",
     "A spokesperson for {org} declined to comment."),
    ("{a}氏は後に、この決定を「深く後悔している」と述べた。",
     "{a} later said they \"deeply regret\" the decision."),
    ("{b}氏が暫定的に経営を引き継ぐことになった。",
     "{b} agreed to lead the company on an interim basis."),
    ("この動きを受け、同社の評価額をめぐる懸念が広がった。",
     "The move raised concerns about the company's valuation."),
    ("{a}氏と{b}氏は、今後について協議を続けているという。",
     "{a} and {b} are said to be still discussing what comes next."),
    ("取締役会の構成は、数日のうちに大きく変わる見通しだ。",
     "The make-up of the board is expected to change within days."),
    ("{c}氏はインタビューで、判断の経緯を説明するよう求めた。",
     "In an interview, {c} called for an account of how the decision was made."),
    ("当初の投稿はその後削除され、現在は閲覧できない。",
     "The original post was later deleted and can no longer be viewed."),
    ("{org}の株主は、統治体制の見直しを求めている。",
     "Shareholders of {org} are demanding a review of its governance."),
    ("複数の幹部が、{a}氏が復帰しなければ退社する意向を示した。",
     "Several executives signalled that they would leave unless {a} returned."),
    ("{b}氏は「会社の使命は変わらない」と強調した。",
     "{b} stressed that \"the company's mission has not changed\"."),
    ("発表は株式市場の取引終了後に行われた。",
     "The announcement came after the stock markets had closed."),
    ("{c}氏の報道によると、{n}社以上が{a}氏の採用に関心を示した。",
     "According to {c}, more than {n} companies expressed interest in hiring {a}."),
    ("{org}は、新しい取締役会が独立した調査を行うと明らかにした。",
     "{org} said the new board would commission an independent review."),
    ("一連の経緯は、非営利組織が営利部門を統治する難しさを浮き彫りにした。",
     "The episode showed how hard it is for a non-profit to govern a for-profit arm."),
    ("{a}氏は翌朝、社員に向けた短いメッセージを公開した。",
     "The next morning, {a} published a short message to staff."),
    ("{b}氏と{c}氏の間では、事実関係の説明が食い違っている。",
     "The accounts of {b} and {c} differ on the facts."),
    ("情報筋によれば、合意文書の最終的な文言をめぐる調整が続いている。",
     "Sources say the final wording of the agreement is still being negotiated."),
    ("{org}の社員向け説明会は、予定より{n}分遅れて始まった。",
     "The all-hands meeting at {org} started {n} minutes late."),
]  # fmt: skip

SECTION_HEADINGS = [("背景", "Background"), ("反応", "Reactions"), ("今後の焦点", "What next")]
SOURCE_LINK = ("詳しくは[{pub}の報道]({url})を参照。", "Read more in the report by [{pub}]({url}).")

# (en, ja): a quote in English (or Japanese, for Japanese sources) and its translation.
QUOTES = [
    ("We are working through this together and will share more soon.",
     "私たちは共にこの状況に取り組んでおり、近く詳細をお伝えします。"),
    ("I love the team and I am not going anywhere.",
     "私はこのチームを愛しており、どこにも行きません。"),
    ("The board no longer has confidence in the leadership of the company.",
     "取締役会は、もはや会社の経営陣を信頼していません。"),
    ("This decision was made after a careful and deliberate review.",
     "この決定は、慎重で周到な検討を経て下されました。"),
    ("We expect to have more to say in the coming days.",
     "数日中に、さらにお伝えできることがある見込みです。"),
    ("I deeply regret my participation in the board's actions.",
     "取締役会の行動に加わったことを深く後悔しています。"),
    ("Nothing about our mission has changed.",
     "私たちの使命は何一つ変わっていません。"),
    ("We remain fully committed to our partnership.",
     "私たちはこの提携に引き続き全力で取り組みます。"),
    ("More than {n} of us have signed the letter.",
     "私たちのうち{n}人以上が書簡に署名しました。"),
    ("It has been a strange and difficult week for everyone here.",
     "ここにいる全員にとって、奇妙で困難な一週間でした。"),
]  # fmt: skip
DISPUTE_NOTES = ["署名は{n}人と報道", "発表の時刻を{n}分遅く報道", "出席者を{n}人と報道"]

ARTICLE_TITLES = [
    ("{org}で経営陣をめぐる混乱が深まる", "Leadership turmoil deepens at {org}"),
    ("{org}の取締役会、異例の決断の舞台裏", "Inside the {org} board's extraordinary decision"),
    ("{org}の社員、経営陣への不満を公に", "Staff at {org} go public with their frustration"),
    ("投資家は{org}の今後をどう見るか", "What investors make of the future of {org}"),
    ("{org}の交渉、最終局面へ", "Talks at {org} enter their final stretch"),
]  # fmt: skip
SOCIAL_TITLES = ("{author}の投稿", "Post by {author}")
VIDEO_TITLES = ("{org}関係者へのインタビュー映像", "Video interview with an insider at {org}")
DOCUMENT_TITLES = ("{org}社員による公開書簡", "Open letter from the staff of {org}")

WEEKDAYS = [
    ("月曜日", "Monday"), ("火曜日", "Tuesday"), ("水曜日", "Wednesday"), ("木曜日", "Thursday"),
    ("金曜日", "Friday"), ("土曜日", "Saturday"), ("日曜日", "Sunday"),
]  # fmt: skip
DAY_PARTS = [
    ("{day}の朝", "{day} morning"), ("{day}の午後", "{day} afternoon"),
    ("{day}の夕方", "late {day} afternoon"), ("{day}の深夜", "late {day} night"),
]  # fmt: skip
TIME_ZONES = ["America/Los_Angeles", "America/New_York", "Europe/London", "Asia/Tokyo"]
