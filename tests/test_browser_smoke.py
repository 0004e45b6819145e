"""The sample portal in real headless Chromium: the home page renders its heading."""


def test_home_page_renders_in_chromium(chromium, sample_url):
    page = chromium.new_page()
    try:
        response = page.goto(f"{sample_url}/")
        assert response.status == 200
        assert page.locator("h1").count() == 1
        assert page.evaluate("document.documentElement.lang") == "id"
    finally:
        page.close()
